"""The shopping calendar: Ramadan and Lebaran on their real dates, and the other seasons."""

from __future__ import annotations

import datetime as dt

import pytest

from sim_helpers import make_offer
from training.simulator import default_settings, run_period
from training.simulator.presets import category_presets
from training.simulator.seasons import LEBARAN_TABLE, events_on, season_factor, week_events

FOOD = category_presets()["makanan"].season_factors


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@pytest.mark.parametrize("year", range(2024, 2031))
def test_the_week_of_idul_fitri_has_the_lebaran_factor(year):
    idul_fitri = dt.date.fromisoformat(LEBARAN_TABLE[year][1])
    week = monday_of(idul_fitri)
    assert "lebaran" in week_events(week)
    # the rush runs until 2 days after Idul Fitri, so at least 3 days of any such week are in it
    assert season_factor(FOOD, week) >= (3 * FOOD["lebaran"] + 4 * 1.0) / 7


def test_idul_fitri_2027_week_is_priced_day_by_day():
    week = dt.date(2027, 3, 8)  # Monday; Idul Fitri on Wednesday 10 March 2027
    ramadan_and_lebaran = FOOD["ramadan"] * FOOD["lebaran"]
    # 8-9 March: still Ramadan and the rush; 10-12 March: Lebaran days; 13-14 March: ordinary
    by_hand = (2 * ramadan_and_lebaran + 3 * FOOD["lebaran"] + 2 * 1.0) / 7
    assert season_factor(FOOD, week) == pytest.approx(by_hand)


def test_the_engine_uses_the_calendar_for_shoppers():
    settings = default_settings(start_date="2027-01-04")
    lebaran_week = (dt.date(2027, 3, 8) - dt.date(2027, 1, 4)).days // 7
    market = [make_offer("kue", units_made=0)]
    ordinary = run_period(market, settings, 0, expected=True)
    festive = run_period(market, settings, lebaran_week, expected=True)
    assert festive.week_start == "2027-03-08"
    assert "lebaran" in festive.groups[0].events
    assert festive.groups[0].customers == pytest.approx(
        ordinary.groups[0].customers * season_factor(FOOD, dt.date(2027, 3, 8)))
    assert festive.offer("kue").demand > ordinary.offer("kue").demand


@pytest.mark.parametrize("day,event", [
    ("2027-02-15", "ramadan"), ("2027-12-24", "year_end"), ("2028-01-01", "year_end"),
    ("2027-04-10", "harvest"), ("2027-07-15", "school_start"),
])
def test_events_fall_on_their_dates(day, event):
    assert event in events_on(dt.date.fromisoformat(day))


@pytest.mark.parametrize("day", ["2027-05-20", "2027-06-10", "2027-10-01", "2031-06-01"])
def test_ordinary_days_have_no_event(day):
    assert events_on(dt.date.fromisoformat(day)) == ()


def test_harvest_lowers_vegetable_shoppers():
    greens = category_presets()["pertanian"].season_factors
    assert season_factor(greens, dt.date(2027, 4, 12)) == pytest.approx(greens["harvest"])
    assert greens["harvest"] < 1


def test_a_facility_can_move_lebaran_by_a_day():
    moved = {2027: ("2027-02-09", "2027-03-11")}
    day_after_rush = dt.date(2027, 3, 13)
    assert "lebaran" not in events_on(day_after_rush)
    assert "lebaran" in events_on(day_after_rush, tuple(moved.items()))
    assert season_factor(FOOD, dt.date(2027, 3, 8), moved) > season_factor(
        FOOD, dt.date(2027, 3, 8))


def test_every_table_year_has_ramadan_before_idul_fitri_and_about_thirty_days_of_it():
    for year, (ramadan, idul_fitri) in LEBARAN_TABLE.items():
        length = (dt.date.fromisoformat(idul_fitri) - dt.date.fromisoformat(ramadan)).days
        assert 29 <= length <= 30, year
