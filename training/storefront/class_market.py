"""Class markets: an instructor opens a market for a class; its learners compete round by round.

A round (one market week) runs when the instructor advances it, or by itself as soon as every
active learner of the class has submitted decisions. The view locks the market row first, so two
last submissions arriving together run the round once. Everything happens in the request's one
transaction.
"""
from __future__ import annotations

from training import audit, events
from training.access import class_market_filter
from training.accounts.models import ClassLearner, User
from training.clock import now_utc, today_utc
from training.extensions import db, one_of
from training.showroom.calibration import calibrated_categories
from training.simulator import PeriodResult, SeasonResult, SplitRates, default_settings
from training.storefront import market
from training.storefront.models import (
    SEASON_FINISHED,
    SEASON_OPEN,
    ClassMarket,
    ClassMarketDecision,
    ClassMarketRound,
)
from training.storefront.practice import owner_key, season_settings, season_sellers
from training.storefront.services import ShopError


class RoundClosed(ShopError):
    """A decision for a round that is no longer open (already run, or past its deadline)."""


def open_market(instructor, training_class, *, name: str, weeks: int, channels: list[str],
                pnbp_rate: float, premi_rate: float, split_basis: str, seller_count: int,
                seller_strategy: str, seed: int, ranking_visible: bool, start_date=None) -> ClassMarket:
    """Open a class market with its settings and simulated sellers fixed from ``seed``."""
    split = SplitRates(pnbp_rate, premi_rate, split_basis)
    start = (start_date or market.next_monday(today_utc())).isoformat()
    presets = default_settings(start_date=start, seed=seed)
    chosen = {code: presets.channels[code] for code in market.CHANNELS if code in channels}
    settings = default_settings(start_date=start, seed=seed, split=split, channels=chosen,
                                categories=calibrated_categories(),
                                facility_splits={str(training_class.facility_id): split})
    sellers = market.make_sellers(settings, settings.categories, chosen, seller_count, seller_strategy, seed)
    row = ClassMarket(class_id=training_class.id, facility_id=training_class.facility_id,
                      created_by_id=instructor.id, name=name.strip(), weeks=weeks, channels=list(chosen),
                      seed=seed, seller_count=seller_count, seller_strategy=seller_strategy,
                      settings=settings.to_dict(), sellers=[s.to_dict() for s in sellers],
                      ranking_visible=ranking_visible, status=SEASON_OPEN, current_week=0)
    db.session.add(row)
    db.session.flush()
    audit.record("shop.class_market_opened", row, class_id=training_class.id, weeks=weeks, seed=seed)
    return row


def class_learner_ids(class_market: ClassMarket) -> set[int]:
    """The active learners of the market's class: who is expected to submit."""
    return set(db.session.scalars(
        db.select(User.id).join(ClassLearner, ClassLearner.user_id == User.id)
        .where(ClassLearner.class_id == class_market.class_id, User.active.is_(True))))


def round_decisions(class_market: ClassMarket, week_index: int | None = None) -> list[ClassMarketDecision]:
    """The decisions submitted for a round (the current one by default)."""
    week = class_market.current_week if week_index is None else week_index
    return list(db.session.scalars(
        db.select(ClassMarketDecision)
        .where(ClassMarketDecision.market_id == class_market.id, ClassMarketDecision.week_index == week)
        .order_by(ClassMarketDecision.learner_id)))


def submitted_learner_ids(class_market: ClassMarket) -> set[int]:
    """Who has submitted decisions for the current round (ids only: the decisions stay unread)."""
    return set(db.session.scalars(
        db.select(ClassMarketDecision.learner_id)
        .where(ClassMarketDecision.market_id == class_market.id,
               ClassMarketDecision.week_index == class_market.current_week)))


def learner_decisions(class_market: ClassMarket, learner_id: int) -> list[ClassMarketDecision]:
    """One learner's decisions in every round of the market, oldest first (one query)."""
    return list(db.session.scalars(
        db.select(ClassMarketDecision)
        .where(ClassMarketDecision.market_id == class_market.id, ClassMarketDecision.learner_id == learner_id)
        .order_by(ClassMarketDecision.week_index)))


def is_round_open(class_market: ClassMarket, at_dt=None) -> bool:
    """May decisions still be submitted for the current round?"""
    if class_market.status != SEASON_OPEN:
        return False
    return class_market.deadline_dt is None or (at_dt or now_utc()) <= class_market.deadline_dt


def submit(class_market: ClassMarket, learner, week_index: int, decisions: list[dict]) -> bool:
    """Store a learner's decisions for the current round; returns True if the round then ran.

    Refused (``RoundClosed``) for a round that is not the current one, a finished market or a
    passed deadline. A second submission for the same round replaces the first.
    """
    if week_index != class_market.current_week or not is_round_open(class_market):
        raise RoundClosed("closed")
    row = db.session.scalar(db.select(ClassMarketDecision).where(
        ClassMarketDecision.market_id == class_market.id, ClassMarketDecision.week_index == week_index,
        ClassMarketDecision.learner_id == learner.id))
    if row is None:
        row = ClassMarketDecision(market_id=class_market.id, week_index=week_index, learner_id=learner.id,
                                  decisions=decisions)
        db.session.add(row)
    else:
        row.decisions = decisions
        row.submitted_dt = now_utc()
    db.session.flush()
    if class_learner_ids(class_market) <= submitted_learner_ids(class_market):
        run_round(class_market, actor=None)
        return True
    return False


def history(class_market: ClassMarket) -> list[PeriodResult]:
    """The results of the rounds run so far, in order."""
    return [PeriodResult.from_dict(r.result) for r in class_market.rounds]


def run_round(class_market: ClassMarket, actor=None) -> ClassMarketRound:
    """Run the current round with the decisions submitted; learners who sent none sit it out.

    Each learner who took part is announced (``shop_round_played``).
    """
    if class_market.status != SEASON_OPEN:
        raise RoundClosed("finished")
    week = class_market.current_week
    submitted = round_decisions(class_market, week)
    sellers = [d.learner_id for d in submitted]
    decisions = {owner_key(d.learner_id): d.decisions for d in submitted}
    facility = str(class_market.facility_id)
    result = market.run_round(season_settings(class_market), season_sellers(class_market), decisions,
                              {owner: facility for owner in decisions}, week, history(class_market))
    done = ClassMarketRound(market=class_market, week_index=week, result=result.to_dict(),
                            ran_by_id=getattr(actor, "id", None))
    db.session.add(done)
    class_market.current_week = week + 1
    class_market.deadline_dt = None
    if class_market.current_week >= class_market.weeks:
        class_market.status = SEASON_FINISHED
        class_market.finished_dt = now_utc()
    db.session.flush()
    audit.record("shop.class_round_run", class_market, actor=actor, week=week, sellers=len(decisions))
    for learner in db.session.scalars(db.select(User).where(one_of(User.id, sellers)).order_by(User.id)):
        events.shop_round_played.send(learner)
    return done


RANKING_NAMES = ("initials", "first", "full")


def shown_name(full_name: str, how: str) -> str:
    """A learner's name as the class ranking shows it: initials (``B. S.``), first name, or full."""
    words = (full_name or "?").split()
    if how == "full":
        return " ".join(words)
    if how == "first":
        return words[0]
    return " ".join(f"{w[0].upper()}." for w in words)


def ranking(class_market: ClassMarket, results: list[PeriodResult] | None = None, *,
            for_learners: bool = False) -> list[dict]:
    """Learners of the market by total profit over the rounds run, best first.

    ``results`` is the market's :func:`history` when the caller has it already (it is not read twice).
    ``for_learners`` gives the class's view: names as the instructor chose (initials by default)
    and, unless the instructor shows them, no amount for a loss (``profit`` None).
    """
    totals: dict[str, int] = {}
    for result in history(class_market) if results is None else results:
        for done in result.offers:
            if done.kind == "learner":
                totals[done.owner_id] = totals.get(done.owner_id, 0) + done.profit
    ids = [int(k) for k in totals]
    names = dict(db.session.execute(db.select(User.id, User.full_name).where(one_of(User.id, ids))).all()) if ids else {}
    rows = [{"learner_id": int(k), "name": names.get(int(k), "?"), "profit": v} for k, v in totals.items()]
    rows.sort(key=lambda r: (-r["profit"], r["name"]))
    for place, row in enumerate(rows, start=1):
        row["place"] = place
        if for_learners:
            row["name"] = shown_name(row["name"], class_market.ranking_names)
            if row["profit"] < 0 and not class_market.ranking_show_losses:
                row["profit"] = None
    return rows


def learner_season(class_market: ClassMarket, results: list[PeriodResult] | None = None) -> SeasonResult:
    """The rounds run as a simulator ``SeasonResult`` (for ``debrief_season`` per learner)."""
    return SeasonResult(tuple(history(class_market) if results is None else results), ())


def set_options(class_market: ClassMarket, *, ranking_visible: bool, deadline_dt, ranking_names: str = "initials",
                ranking_show_losses: bool = False, actor=None) -> None:
    """Show or hide the ranking, how it names learners and whether it shows losses, and set the
    current round's deadline (None for no deadline)."""
    if ranking_names not in RANKING_NAMES:
        raise ShopError("ranking_names")
    class_market.ranking_visible = ranking_visible
    class_market.ranking_names = ranking_names
    class_market.ranking_show_losses = ranking_show_losses
    class_market.deadline_dt = deadline_dt
    db.session.flush()
    audit.record("shop.class_market_changed", class_market, actor=actor, ranking_visible=ranking_visible,
                 ranking_names=ranking_names, ranking_show_losses=ranking_show_losses)


def markets_for(user) -> list[ClassMarket]:
    """Class markets a user may see, newest first: an instructor's facility's, a learner's own
    classes' (the access policy's :func:`~training.access.class_market_filter`)."""
    return list(db.session.scalars(
        db.select(ClassMarket).options(db.joinedload(ClassMarket.training_class))
        .where(class_market_filter(user)).order_by(ClassMarket.id.desc())))
