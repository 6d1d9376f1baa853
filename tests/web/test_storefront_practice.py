"""Practice seasons: played week by week through the pages, stored, replayable, and summarised."""
from __future__ import annotations

import re

import pytest

from tests.conftest import post_form, sign_in
from training.extensions import db
from training.simulator import PeriodResult
from training.storefront import milestones, practice
from training.storefront.models import MarketSeason


def decision_post(week_index: int, product_id: int, price="Rp 21.000", units="25", channels=("showroom",),
                  marketing="5.000") -> dict:
    return {"week_index": str(week_index), "rows-0-product_id": str(product_id), "rows-0-price": price,
            "rows-0-units": units, "rows-0-channels": list(channels), "rows-0-marketing": marketing}


def test_practice_season_played_week_by_week_to_the_end(app, world):
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    response = post_form(client, "/toko/latihan/baru", {"weeks": "8", "products": [str(world.product.id)]},
                         page="/toko/latihan/baru")
    assert response.status_code == 302
    season_id = int(re.search(r"/toko/latihan/(\d+)", response.headers["Location"]).group(1))
    for week in range(8):
        page = client.get(f"/toko/latihan/{season_id}").get_data(as_text=True)
        assert f"Minggu {week + 1} dari 8" in page
        response = post_form(client, f"/toko/latihan/{season_id}/minggu",
                             decision_post(week, world.product.id, channels=("showroom", "online")),
                             page=f"/toko/latihan/{season_id}")
        assert response.headers["Location"].endswith(f"/toko/latihan/{season_id}/minggu/{week + 1}")
        result = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "Penjelasan" in result and "<svg" in result and "Roti sobek · Showroom" in result
    assert client.get(f"/toko/latihan/{season_id}").headers["Location"].endswith(f"/toko/latihan/{season_id}/laporan")
    report = client.get(f"/toko/latihan/{season_id}/laporan").get_data(as_text=True)
    assert "Selama 8 minggu" in report and "terbaik" in report
    with app.app_context():
        season = db.session.get(MarketSeason, season_id)
        assert season.status == "finished" and len(season.played) == 8
        assert all(w.decisions[0]["price"] == 21_000 and w.decisions[0]["channels"] == ["showroom", "online"]
                   for w in season.played)
        first = PeriodResult.from_dict(season.played[0].result)
        assert {r.channel for r in first.offers_of(str(world.learner.id))} == {"showroom", "online"}
        # Replaying the stored decisions with the same seed gives the same results.
        assert [r.to_dict() for r in practice.replay_season(season)] == [w.result for w in season.played]
        summary = milestones.storefront_summary(season.learner)
        assert summary["seasons_finished"] == 1
        assert summary["total_profit"] == sum(w.profit for w in season.played)
        assert {"season_finished", "product_registered", "product_costed"} <= milestones.milestones(season.learner)
    # A finished season takes no more weeks.
    late = post_form(client, f"/toko/latihan/{season_id}/minggu", decision_post(8, world.product.id),
                     page=f"/toko/latihan/{season_id}/laporan")
    assert late.headers["Location"].endswith("/laporan")


def test_week_form_with_unreadable_price_keeps_what_was_typed(app, world):
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    url = f"/toko/latihan/{world.season.id}"
    response = post_form(client, f"{url}/minggu", decision_post(1, world.product.id, price="dua puluh ribu"), page=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "tidak bisa dibaca" in html and 'value="dua puluh ribu"' in html
    with app.app_context():
        assert db.session.get(MarketSeason, world.season.id).weeks_played == 1


def test_posting_an_already_played_week_again_runs_nothing(app, world):
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    url = f"/toko/latihan/{world.season.id}"
    response = post_form(client, f"{url}/minggu", decision_post(0, world.product.id), page=url)
    assert response.headers["Location"].endswith(url)
    with app.app_context():
        assert db.session.get(MarketSeason, world.season.id).weeks_played == 1


def test_another_learners_season_answers_404(app, world):
    client = app.test_client()
    sign_in(client, world.learner2.reg_number)
    for url in (f"/toko/latihan/{world.season.id}", f"/toko/latihan/{world.season.id}/minggu/1",
                f"/toko/latihan/{world.season.id}/laporan"):
        assert client.get(url).status_code == 404


def test_same_seed_and_decisions_give_the_same_season(app_ctx, world):
    from training.accounts.models import User
    from training.storefront.models import Product
    from tests.storefront_world import START, simple_decisions

    learner = db.session.get(User, world.learner.id)
    product = db.session.get(Product, world.product.id)
    seasons = [practice.start_season(learner, [product], 8, seed=99, start_date=START) for _ in range(2)]
    for season in seasons:
        for week in range(8):
            practice.play_week(season, simple_decisions(season, price=19_000 + 500 * week, units=30))
    assert [w.result for w in seasons[0].played] == [w.result for w in seasons[1].played]
    other = practice.start_season(learner, [product], 8, seed=100, start_date=START)
    practice.play_week(other, simple_decisions(other, price=19_000, units=30))
    assert other.played[0].result != seasons[0].played[0].result


def test_week_form_naming_one_product_twice_runs_nothing(app, world):
    from tests.storefront_world import ROTI
    from training.accounts.models import User
    from training.storefront import services

    with app.app_context():
        learner = db.session.get(User, world.learner.id)
        other = services.save_product(learner, {**ROTI, "name": "Donat"})
        season = practice.start_season(learner, [db.session.get(type(other), world.product.id), other], 8, seed=3)
        db.session.commit()
        season_id = season.id
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    url = f"/toko/latihan/{season_id}"
    twice = {**decision_post(0, world.product.id),
             **{k.replace("rows-0", "rows-1"): v for k, v in decision_post(0, world.product.id).items() if k.startswith("rows-0")}}
    response = post_form(client, f"{url}/minggu", twice, page=url)
    assert response.status_code == 200 and "perlu diperbaiki" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(MarketSeason, season_id).weeks_played == 0


def test_shop_page_shows_each_seasons_profit(app, world):
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    with app.app_context():
        profit = sum(w.profit for w in db.session.get(MarketSeason, world.season.id).played)
    from training.storefront.display import rupiah

    assert rupiah(profit) in client.get("/toko/").get_data(as_text=True)


@pytest.mark.parametrize("expected, best, skill", [(695, 1000, 70), (705, 1000, 71), (-50, 1000, 0), (10, 0, None)])
def test_pricing_skill_rounds_half_up(expected, best, skill):
    from types import SimpleNamespace

    assert milestones.pricing_skill([SimpleNamespace(expected_profit=expected, best_profit=best)]) == skill
