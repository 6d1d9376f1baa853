"""A learner who does what the screens advise each week ends a season close to the best the report
says was possible, the best counted within the same hours, cash and stock they had. (The demo
rattan set is left out: it needs more hours than a week has without a helper, so nothing is possible.)"""
from __future__ import annotations

import re

import pytest

from tests.conftest import post_form, sign_in
from training.extensions import db
from training.storefront import demo, services

ADVICE = re.compile(r"<strong>Showroom:</strong>\s*harga Rp([\d.]+), buat (\d+)\.")


@pytest.mark.parametrize("data", [demo.NASTAR, demo.KERIPIK, demo.GANTUNGAN], ids=lambda d: d["name"][:12])
def test_following_the_advice_scores_close_to_the_best_the_report_shows(app, world, data):
    with app.app_context():
        learner = db.session.get(type(world.learner), world.learner.id)
        product_id = services.save_product(learner, dict(data)).id
        db.session.commit()
    client = app.test_client()
    assert sign_in(client, world.learner.reg_number).status_code == 302
    response = post_form(client, "/toko/latihan/baru", {"weeks": "8", "products": [str(product_id)]},
                         page="/toko/latihan/baru")
    season_url = response.headers["Location"]
    for week in range(8):
        page = client.get(season_url).get_data(as_text=True)
        price, units = ADVICE.search(page).groups()
        response = post_form(client, f"{season_url}/minggu", {
            "week_index": str(week), "rows-0-product_id": str(product_id), "rows-0-price": price,
            "rows-0-units": units, "rows-0-channels": ["showroom"], "rows-0-marketing": "0"}, page=season_url)
        assert response.headers["Location"].endswith(f"/minggu/{week + 1}"), "the advised plan was refused"
    report = client.get(f"{season_url}/laporan").get_data(as_text=True)
    skill = int(re.search(r'<span class="stat-n">(\d+)%</span>\s*kepandaian menentukan harga', report).group(1))
    assert skill >= 85
    assert "jam kerja, uang dan stok yang Anda punya setiap minggu" in report
