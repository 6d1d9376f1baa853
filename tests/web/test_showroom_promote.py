"""Taking practice products into the showroom's catalogue: the list is a page at a time and can be
searched by product, maker or registration number, a product already in the catalogue is not
offered, and a refused price is shown on its own row with what was typed, the search kept."""
from __future__ import annotations

import re

import pytest

from tests.conftest import TEST_PASSWORD, post_form
from training.extensions import db

URL = "/etalase/dari-latihan"


def _add_makers(app, world, count: int) -> None:
    """``count`` more learners of the lapas, each with a practice product "Roti Tawar NN"."""
    from tests.storefront_world import ROTI
    from training.accounts import services as accounts
    from training.accounts.models import Facility
    from training.storefront import services as shop

    with app.app_context():
        lapas = db.session.get(Facility, world.lapas.id)
        for number in range(count):
            maker, _ = accounts.create_learner(lapas, reg_number=f"R.{300 + number}/2025",
                                               full_name=f"Pembuat Roti {number:02d}", password=TEST_PASSWORD)
            shop.save_product(maker, dict(ROTI, name=f"Roti Tawar {number:02d}"))
        db.session.commit()


def _listed(page: str) -> list[str]:
    return re.findall(r"<td class=\"strong\">(Roti Tawar \d\d)</td>", page)


def test_the_list_comes_a_page_at_a_time_and_a_page_past_the_end_shows_the_last(app, world, client_as, monkeypatch):
    _add_makers(app, world, 7)
    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 3)
    client = client_as("etalase")
    first = client.get(URL).get_data(as_text=True)
    assert "Halaman 1 dari 3" in first  # the world's own product and 7 loaves
    seen = []
    for page in (1, 2, 3):
        seen += _listed(client.get(f"{URL}?halaman={page}").get_data(as_text=True))
    assert sorted(seen) == [f"Roti Tawar {n:02d}" for n in range(7)]
    past = client.get(f"{URL}?halaman=99").get_data(as_text=True)
    assert "Halaman 3 dari 3" in past and _listed(past) == _listed(client.get(f"{URL}?halaman=3").get_data(as_text=True))
    for hostile in ("1e20", "-1", "abc", "٣"):
        response = client.get(f"{URL}?halaman={hostile}")
        assert response.status_code == 200 and "Halaman 1 dari 3" in response.get_data(as_text=True)


@pytest.mark.parametrize(("typed", "found"), [
    ("tawar 03", ["Roti Tawar 03"]),  # the product's name, any case
    ("pembuat roti 01", ["Roti Tawar 01"]),  # the maker's name
    ("R.302", ["Roti Tawar 02"]),  # the maker's registration number
    ("100%", []),  # a wildcard means itself
])
def test_the_list_can_be_searched_by_product_maker_or_registration_number(app, world, client_as, typed, found):
    _add_makers(app, world, 4)
    page = client_as("etalase").get(URL, query_string={"q": typed}).get_data(as_text=True)
    assert _listed(page) == found
    assert f'value="{typed}"' in page  # the search box keeps what was typed
    if not found:
        assert "Tidak ada produk latihan yang cocok" in page


def test_a_product_already_in_the_catalogue_is_not_offered_again(app, world, client_as):
    _add_makers(app, world, 2)
    client = client_as("etalase")
    from training.storefront.models import Product

    with app.app_context():
        loaf = db.session.scalar(db.select(Product).where(Product.name == "Roti Tawar 01"))
    response = post_form(client, URL, {"product_id": str(loaf.id), "price": "15.000"}, page=URL)
    assert response.status_code == 302 and "/etalase/produk/" in response.headers["Location"]
    assert _listed(client.get(URL).get_data(as_text=True)) == ["Roti Tawar 00"]


def test_a_refused_price_is_shown_on_its_row_with_what_was_typed_and_the_search_kept(app, world, client_as):
    from training.showroom.models import CatalogueProduct
    from training.storefront.models import Product

    _add_makers(app, world, 3)
    client = client_as("etalase")
    with app.app_context():
        loaf = db.session.scalar(db.select(Product).where(Product.name == "Roti Tawar 02"))
    searched = f"{URL}?q=roti"
    form_page = client.get(searched).get_data(as_text=True)
    assert 'action="/etalase/dari-latihan?q=roti"' in form_page
    response = post_form(client, searched, {"product_id": str(loaf.id), "price": "lima ribu"}, page=searched)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Lihat pesan di baris produknya" in page
    row = re.search(rf'<input id="price-{loaf.id}"[^>]*>.*?</form>', page, re.S).group(0)
    assert 'value="lima ribu"' in row and 'aria-invalid="true"' in row and 'class="errors"' in row
    assert "tidak bisa dibaca" in row and "sampai 1 miliar" not in row  # one message, about what was typed
    assert page.count('aria-invalid="true"') == 1  # only the row that was sent
    assert _listed(page) == ["Roti Tawar 00", "Roti Tawar 01", "Roti Tawar 02"]  # the search still applies
    with app.app_context():
        assert db.session.scalar(db.select(CatalogueProduct.id).where(CatalogueProduct.source_product_id == loaf.id)) is None
