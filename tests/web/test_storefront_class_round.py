"""Issue 10's class-market items: 0 made is not offered (no price, no stall), running a round asks
first and says how many decisions are in, and the ranking names learners by initials and keeps
losses to the instructor unless the instructor shows them."""
from __future__ import annotations

import pytest

from tests.conftest import post_form, sign_in
from tests.web.test_storefront_class_market import learner2_product, market, submit
from training.extensions import db
from training.simulator import PeriodResult
from training.storefront.models import ClassMarketRound


def signed_in(app, login: str):
    """A client signed in as ``login`` (the sign-in is checked)."""
    client = app.test_client()
    assert sign_in(client, login).status_code == 302
    return client


def run_round(app, world):
    """The instructor confirms and runs the current round."""
    teacher = signed_in(app, world.instructor.username)
    url = f"/pasar-kelas/{world.class_market.id}"
    assert post_form(teacher, f"{url}/jalankan", {}, page=f"{url}/jalankan").status_code == 302


def learner_offers(app, world, learner_id: int):
    with app.app_context():
        row = db.session.scalar(db.select(ClassMarketRound).where(ClassMarketRound.market_id == world.class_market.id))
        return PeriodResult.from_dict(row.result).offers_of(str(learner_id))


def test_nothing_made_and_no_price_means_not_offered_and_no_stall_is_paid(app, world):
    page = submit(app, world.learner.reg_number, world.class_market.id, 0, world.product.id,
                  price="", units="0", channels=("bazar",)).get_data(as_text=True)
    assert "Keputusan terkirim" in page
    other = learner2_product(app, world)
    submit(app, world.learner2.reg_number, world.class_market.id, 0, other, units="10", channels=("bazar",))
    assert market(app, world.class_market.id).current_week == 1  # everyone sent: the round ran
    assert not learner_offers(app, world, world.learner.id)
    sold = learner_offers(app, world, world.learner2.id)
    assert len(sold) == 1 and sold[0].channel == "bazar"


@pytest.mark.parametrize("price, units, channels, message", [
    ("", "5", ("showroom",), "Isi harga jual."),
    ("Rp 20.000", "5", (), "Pilih paling sedikit satu tempat jual."),
])
def test_a_product_offered_needs_a_price_and_a_place(app, world, price, units, channels, message):
    page = submit(app, world.learner.reg_number, world.class_market.id, 0, world.product.id,
                  price=price, units=units, channels=channels).get_data(as_text=True)
    assert message in page and "Keputusan terkirim" not in page


def test_running_a_round_asks_first_and_says_how_many_are_in(app, world):
    submit(app, world.learner.reg_number, world.class_market.id, 0, world.product.id)
    teacher = signed_in(app, world.instructor.username)
    url = f"/pasar-kelas/{world.class_market.id}"
    page = teacher.get(url).get_data(as_text=True)
    button = page.index(f'href="{url}/jalankan"')
    assert button < page.index(world.learner2.full_name)  # the button is above the list of names
    assert "1 dari 2 sudah mengirim." in page
    confirm = teacher.get(f"{url}/jalankan").get_data(as_text=True)
    assert "1 dari 2 sudah mengirim." in confirm and world.learner2.full_name in confirm
    assert market(app, world.class_market.id).current_week == 0  # asking runs nothing
    run_round(app, world)
    assert market(app, world.class_market.id).current_week == 1


def test_ranking_shows_initials_and_hides_losses_until_the_instructor_chooses(app, world):
    submit(app, world.learner.reg_number, world.class_market.id, 0, world.product.id, price="Rp 100", units="30")
    other = learner2_product(app, world)
    submit(app, world.learner2.reg_number, world.class_market.id, 0, other, price="Rp 16.000", units="3")
    student = signed_in(app, world.learner2.reg_number)
    url = f"/pasar-kelas/{world.class_market.id}"
    ranking = student.get(url).get_data(as_text=True).split('class="table table-compact ranking"')[1]
    assert world.learner.full_name not in ranking and world.learner2.full_name not in ranking
    initials = " ".join(f"{w[0]}." for w in world.learner.full_name.split())
    assert initials in ranking and ">rugi<" in ranking  # selling at Rp100 loses money; the amount stays hidden
    teacher = signed_in(app, world.instructor.username)
    assert post_form(teacher, f"{url}/pengaturan", {"ranking_visible": "y", "ranking_names": "full",
                                                    "ranking_show_losses": "y", "deadline": ""}, page=url).status_code == 302
    ranking = student.get(url).get_data(as_text=True).split('class="table table-compact ranking"')[1]
    assert world.learner.full_name in ranking and ">rugi<" not in ranking and "-Rp" in ranking
