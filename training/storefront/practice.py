"""Practice seasons: a learner alone against simulated sellers, one week at a time.

``start_season`` fixes the settings, sellers and product snapshots; ``play_week`` runs the next
week from the learner's decisions and stores decisions and result; ``replay_season`` runs every
stored week again from the stored decisions (the same seed gives the same results).
"""
from __future__ import annotations

import zlib

from training import audit, events
from training.clock import now_utc, today_utc
from training.extensions import db, one_of
from training.showroom.calibration import calibrated_categories
from training.simulator import MarketSettings, PeriodResult, SeasonResult, SimulatedSeller, default_settings
from training.storefront import market
from training.storefront.models import SEASON_FINISHED, SEASON_OPEN, MarketSeason, MarketWeek
from training.simulator.cash import CashWeek, PlanRefused, Wallet, WeekExtras
from training.storefront.services import ShopError, facility_settings, product_snapshot, split_of

MIN_WEEKS, MAX_WEEKS = 8, 12
SELLERS_PER_GROUP = 2


def owner_key(learner_id: int) -> str:
    """The simulator owner id of a learner."""
    return str(learner_id)


def start_season(learner, products, weeks: int, seed: int, start_date=None) -> MarketSeason:
    """Open a practice season of ``weeks`` weeks for some of the learner's products."""
    if not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise ShopError("weeks")
    if not products:
        raise ShopError("products")
    season = new_season(learner, products, weeks, seed, start_date)
    db.session.add(season)
    db.session.flush()
    audit.record("shop.season_started", season, weeks=weeks, seed=seed)
    return season


def new_season(learner, products, weeks: int, seed: int, start_date=None) -> MarketSeason:
    """A practice season as it would start now, not yet stored: the facility's settings, the
    simulated sellers and the product snapshots. The product page reads its first week's advice
    from such a season, so the page and a season started the same day agree."""
    start = (start_date or market.next_monday(today_utc())).isoformat()
    shop = facility_settings(learner.facility_id)
    split = split_of(shop)
    settings = default_settings(start_date=start, seed=seed, split=split, categories=calibrated_categories(),
                                facility_splits={str(learner.facility_id): split}, **business_limits(shop))
    sellers = season_rivals(settings, {p.category for p in products}, learner.facility_id, start)
    return MarketSeason(learner_id=learner.id, facility_id=learner.facility_id, weeks=weeks, seed=seed,
                        settings=settings.to_dict(), sellers=[s.to_dict() for s in sellers],
                        products=[product_snapshot(p) for p in products], status=SEASON_OPEN, weeks_played=0)


def season_rivals(settings: MarketSettings, categories, facility_id: int, start: str) -> list[SimulatedSeller]:
    """The simulated sellers of a practice season: per category, drawn from the facility, the
    category and the first week (not from the season's own seed, which draws the shoppers' luck),
    so every season started for the same week meets the same rivals and the product page can
    show the price a new season will advise."""
    sellers = []
    for category in sorted(categories):
        draw = zlib.crc32(f"{facility_id}:{category}:{start}".encode())
        sellers += market.make_sellers(settings, [category], market.CHANNELS, SELLERS_PER_GROUP, "mixed", draw)
    return sellers


def business_limits(shop) -> dict:
    """The market settings a facility's shop settings fix: settlement period, hours a week, a
    helper's wage, the starting modal and the loan's weekly interest."""
    return {"settlement_period": shop.settlement_period, "hours_per_week": float(shop.hours_per_week),
            "helper_wage_per_hour": int(shop.helper_wage), "starting_cash": int(shop.starting_modal),
            "loan_interest_rate": float(shop.loan_rate_percent) / 100}


class PlanRefusedError(ShopError):
    """The week's plan needs more hours or cash than the learner has; ``reasons`` are the plain
    sentences to show on the form."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def keeps_cash(season: MarketSeason) -> bool:
    """True for a season whose weeks keep a cash ledger (every season started since cash limits)."""
    return all(w.ledger is not None for w in season.played)


def wallet(season: MarketSeason) -> Wallet:
    """The learner's cash and loan now: after the last week played, or the starting modal."""
    if season.played and season.played[-1].ledger:
        last = CashWeek.from_dict(season.played[-1].ledger)
        return Wallet(last.closing, last.loan_after)
    return Wallet(season_settings(season).starting_cash)


def ledgers(season: MarketSeason) -> list[CashWeek | None]:
    """Each played week's cash ledger (None for a week from before cash was kept)."""
    return [CashWeek.from_dict(w.ledger) if w.ledger else None for w in season.played]


def season_settings(season) -> MarketSettings:
    """The stored market settings of a season or class market."""
    return MarketSettings.from_dict(season.settings)


def season_sellers(season) -> list[SimulatedSeller]:
    """The stored simulated sellers of a season or class market."""
    return [SimulatedSeller.from_dict(s) for s in season.sellers]


def history(season: MarketSeason) -> list[PeriodResult]:
    """The results of the weeks played so far, in order."""
    return [PeriodResult.from_dict(w.result) for w in season.played]


def last_decisions(season: MarketSeason) -> list[dict]:
    """The decisions to pre-fill next week's form: last week's, else a small first batch per product
    at its cost plus 30% (:func:`market.first_decision`)."""
    if season.played:
        return season.played[-1].decisions
    settings = season_settings(season)
    return [market.first_decision(snap, settings, len(season.products), settings.starting_cash)
            for snap in season.products]


def play_week(season: MarketSeason, decisions: list[dict], extras: dict | None = None, lang: str = "id") -> MarketWeek:
    """Run the season's next week with ``decisions`` (one per product snapshot) and store it.

    ``extras`` are the week's helper hours, borrowing and repaying. The plan must fit the
    learner's hours and cash (``PlanRefusedError`` with the reasons otherwise); the week's cash
    ledger is stored with it.
    """
    if season.status != SEASON_OPEN or season.weeks_played >= season.weeks:
        raise ShopError("finished")
    settings = season_settings(season)
    owner = owner_key(season.learner_id)
    past = history(season)
    facility = {owner: str(season.facility_id)}
    extras = extras or {}
    ledger = None
    if keeps_cash(season):
        extra = WeekExtras(float(extras.get("helper_hours", 0)), int(extras.get("borrow", 0)), int(extras.get("repay", 0)))
        try:
            done = market.run_business_round(settings, season_sellers(season), {owner: decisions}, facility,
                                             season.weeks_played, past, {owner: wallet(season)}, {owner: extra}, lang)
        except PlanRefused as refused:
            raise PlanRefusedError([r.text for r in refused.refusals.get(owner, [])]) from None
        result, ledger = done.result, done.ledgers[owner].to_dict()
    else:  # a season from before cash was kept goes on without it
        result = market.run_round(settings, season_sellers(season), {owner: decisions}, facility,
                                  season.weeks_played, past)
    expected_profit, best_profit = market.limited_totals(
        result, past, owner, str(season.facility_id), decisions, settings,
        cash=wallet(season).cash if ledger else None, helper_hours=float(extras.get("helper_hours", 0)) if ledger else 0.0,
        weeks_left=season.weeks - season.weeks_played)
    week = MarketWeek(season=season, week_index=season.weeks_played, decisions=decisions,
                      result=result.to_dict(), expected_profit=expected_profit, best_profit=best_profit,
                      # after helper wages and interest when cash is kept
                      profit=done.ledgers[owner].profit if ledger else int(result.totals(owner)["profit"]), ledger=ledger,
                      extras=dict(extras) if extras else None)
    db.session.add(week)
    season.weeks_played += 1
    if season.weeks_played >= season.weeks:
        season.status = SEASON_FINISHED
        season.finished_dt = now_utc()
        audit.record("shop.season_finished", season, profit=sum(w.profit for w in season.played))
    db.session.flush()
    events.shop_round_played.send(season.learner)
    return week


def replay_season(season: MarketSeason) -> list[PeriodResult]:
    """Run every stored week again from the stored decisions; returns the fresh results."""
    settings = season_settings(season)
    sellers = season_sellers(season)
    owner = owner_key(season.learner_id)
    results: list[PeriodResult] = []
    for week in season.played:
        results.append(market.run_round(settings, sellers, {owner: week.decisions},
                                        {owner: str(season.facility_id)}, week.week_index, results))
    return results


def season_result(season, results: list[PeriodResult] | None = None) -> SeasonResult:
    """The weeks played as a simulator ``SeasonResult`` (for ``debrief_season``); ``results`` is the
    season's :func:`history` when the caller has it already."""
    return SeasonResult(tuple(history(season) if results is None else results), ())


def learner_seasons(learner) -> list[MarketSeason]:
    """A learner's practice seasons, newest first."""
    return list(db.session.scalars(
        db.select(MarketSeason).where(MarketSeason.learner_id == learner.id).order_by(MarketSeason.id.desc())))


def season_profits(seasons) -> dict[int, int]:
    """Season id -> total profit of the weeks played, for a list of seasons in one query (the weeks'
    stored results are not read)."""
    ids = [s.id for s in seasons]
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(MarketWeek.season_id, db.func.sum(MarketWeek.profit))
        .where(one_of(MarketWeek.season_id, ids)).group_by(MarketWeek.season_id))
    return {season_id: int(total) for season_id, total in rows}
