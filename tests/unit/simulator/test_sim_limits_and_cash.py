"""Limits a real business has: hours and cash are checked before a week runs; cash is traceable."""

from __future__ import annotations

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from sim_helpers import QUIET_START, make_offer
from training.simulator import default_settings
from training.simulator.cash import (
    CashWeek, PlanRefused, Wallet, WeekExtras, close_season, run_business_week,
)
from training.simulator.limits import PlanLine, WeekPlan, check_plan, plan_for

fast = hypothesis_settings(max_examples=40, deadline=None)


def snack(units: int, **changes):
    fields = {"name": "Keripik", "unit": "bungkus", "channel": "showroom", "unit_cost": 9_000,
              "price": 15_000, "units_made": units, "owner_id": "ani"}
    fields.update(changes)
    return make_offer("keripik", **fields)


def test_a_plan_the_cash_cannot_pay_for_is_refused_in_plain_words(settings):
    plan = plan_for([snack(40)], settings)
    [refusal] = check_plan(plan, settings, cash=300_000)
    assert refusal.code == "cash"
    assert refusal.text == ("Uang Anda Rp300.000, bahan untuk 40 bungkus Rp360.000. "
                            "Kurangi jadi 33 bungkus atau pinjam.")
    assert refusal.numbers["units_that_fit"] == 33
    english = check_plan(plan, settings, cash=300_000, lang="en")[0].text
    assert english == ("You have Rp300,000; materials for 40 bungkus cost Rp360,000. "
                       "Cut to 33 bungkus or borrow.")


def test_a_loan_this_week_makes_the_same_plan_possible(settings):
    plan = plan_for([snack(40)], settings, borrow=60_000)
    assert check_plan(plan, settings, cash=300_000) == []


def test_other_costs_are_counted_before_the_goods_sell(settings):
    plan = plan_for([snack(30, channel="bazar", marketing_spend=20_000)], settings)
    assert plan.fees == 150_000 and plan.promotion == 20_000
    [refusal] = check_plan(plan, settings, cash=400_000)
    assert refusal.numbers["needed"] == 270_000 + 150_000 + 20_000
    assert refusal.numbers["units_that_fit"] == (400_000 - 170_000) // 9_000
    assert "Kurangi Keripik jadi 25 bungkus atau pinjam." in refusal.text


def test_ten_rattan_sets_a_week_do_not_fit_in_one_persons_hours(settings):
    sets = make_offer("rotan", name="Set kursi rotan", category="mebel", price=2_500_000,
                      unit_cost=1_500_000, units_made=10, owner_id="ani", hours_per_unit=40.0)
    [hours, cash] = check_plan(plan_for([sets], settings), settings, cash=1_000_000)
    assert hours.code == "hours" and cash.code == "cash"
    assert hours.numbers["hours_needed"] == 400 and hours.numbers["units_that_fit"] == 0
    assert hours.text.startswith("Waktu Anda 30 jam seminggu. Set kursi rotan: 10 set x 40 jam")


def test_helper_hours_add_time_at_a_wage(settings):
    cookies = snack(80, hours_per_unit=0.5, unit="toples", name="Nastar")  # 40 h, 30 h alone
    alone = check_plan(plan_for([cookies], settings), settings, cash=10_000_000)
    assert [r.code for r in alone] == ["hours"]
    assert alone[0].numbers["units_that_fit"] == 60
    assert alone[0].numbers["extra_wages"] == 10 * settings.helper_wage_per_hour
    helped = plan_for([cookies], settings, helper_hours=10)
    assert check_plan(helped, settings, cash=10_000_000) == []


@pytest.mark.parametrize("plan,loan,code", [
    (WeekPlan((), repay=50_000), 10_000, "loan"),
    (WeekPlan((), borrow=2_500_000), 0, "loan"),
])
def test_loans_stay_within_their_limits(settings, plan, loan, code):
    assert [r.code for r in check_plan(plan, settings, cash=100_000, loan_balance=loan)] == [code]


def test_a_loan_grown_by_unpaid_interest_never_blocks_a_plan_that_borrows_nothing(settings):
    over = settings.starting_cash + 5_000
    assert check_plan(plan_for([snack(10)], settings), settings, cash=100_000,
                      loan_balance=over) == []
    assert [r.code for r in check_plan(plan_for([snack(10)], settings, borrow=1), settings,
                                       cash=100_000, loan_balance=over)] == ["loan"]


def test_the_engine_enforces_the_limits(settings):
    with pytest.raises(PlanRefused) as refused:
        run_business_week([snack(40)], settings, 0, {"ani": Wallet(300_000)})
    assert "Kurangi jadi 33 bungkus" in str(refused.value)
    assert list(refused.value.refusals) == ["ani"]


def test_the_ledger_follows_every_rupiah_of_a_week_with_a_loan(settings):
    week = run_business_week([snack(40)], settings, 0, {"ani": Wallet(300_000)},
                             {"ani": WeekExtras(helper_hours=2, borrow=100_000)}, expected=True)
    cash = week.ledgers["ani"]
    done = week.result.offer("keripik")
    assert (cash.opening, cash.borrowed, cash.paid_materials) == (300_000, 100_000, 360_000)
    assert cash.paid_wages == 2 * settings.helper_wage_per_hour
    assert cash.received_sales == done.revenue
    assert cash.interest == 1_000  # 1% a week of Rp100.000
    assert cash.closing == (300_000 + 100_000 - 360_000 - cash.paid_wages + done.revenue
                            - done.commission - 1_000)
    assert week.wallets["ani"] == Wallet(cash.closing, 100_000)
    assert cash.profit == done.profit - cash.paid_wages - 1_000
    assert CashWeek.from_dict(cash.to_dict()) == cash


def test_unpaid_interest_is_added_to_the_loan_and_cash_never_goes_negative():
    chosen = default_settings(start_date=QUIET_START, loan_interest_rate=0.5)
    week = run_business_week([snack(1, price=400_000)], chosen, 0, {"ani": Wallet(0, 900_000)},
                             {"ani": WeekExtras(borrow=9_000)}, expected=True)
    cash = week.ledgers["ani"]
    assert cash.closing >= 0
    assert cash.loan_after == 909_000 + cash.interest - cash.paid_interest


def test_the_season_ends_by_paying_the_loan_back_from_cash():
    assert close_season(Wallet(500_000, 200_000)) == (Wallet(300_000, 0), 200_000)
    assert close_season(Wallet(50_000, 200_000)) == (Wallet(0, 150_000), 50_000)


@fast
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30_000), st.booleans(),
                          st.integers(0, 3)), min_size=1, max_size=6),
       st.integers(0, 2_000_000), st.integers(0, 10**6))
def test_cash_stays_above_zero_and_money_is_conserved_over_a_season(weeks, start, seed):
    chosen = default_settings(start_date=QUIET_START, seed=seed)
    wallet = Wallet(start)
    for index, (units, borrow, bazar, helper) in enumerate(weeks):
        offer = snack(units, channel="bazar" if bazar else "showroom")
        extras = {"ani": WeekExtras(helper_hours=helper, borrow=borrow)}
        try:
            week = run_business_week([offer], chosen, index, {"ani": wallet}, extras)
        except PlanRefused:
            continue
        cash = week.ledgers["ani"]
        if borrow == 0 and wallet.loan == 0:
            assert cash.closing >= 0
        assert cash.closing == (cash.opening + cash.borrowed - cash.repaid + cash.received_sales
                                - cash.paid_materials - cash.paid_wages - cash.paid_stall
                                - cash.paid_commission - cash.paid_promotion - cash.paid_interest)
        assert cash.loan_after == (cash.loan_before + cash.borrowed - cash.repaid
                                   + cash.interest - cash.paid_interest)
        after = week.wallets["ani"]
        assert (after.cash - after.loan) - (wallet.cash - wallet.loan) == cash.profit
        assert after.cash >= 0
        wallet = after


def test_plan_lines_refuse_bad_numbers():
    with pytest.raises(ValueError):
        PlanLine("x", 2, 1_000.5, 0.1)
    with pytest.raises(ValueError):
        WeekPlan((), borrow=-1)
