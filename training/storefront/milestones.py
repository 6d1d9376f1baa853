"""What a learner's shop results add up to, for certificates and the readiness review.

``storefront_summary(learner)`` returns a dict:

- ``products``: active products registered;
- ``products_costed``: of those, products with a unit cost (HPP) above zero;
- ``seasons_started`` and ``seasons_finished``: practice seasons;
- ``seasons_with_profit``: finished practice seasons whose total profit is above zero;
- ``total_profit``: profit (rupiah) over every finished practice season;
- ``best_season_profit``: the best finished season's profit (None without one);
- ``pricing_skill``: over all played practice weeks, the expected profit of the learner's plans as a
  percentage (0 to 100) of the best expected profit the advice finds within the same hours, cash
  and stock each week, rivals held as they were (``market.limited_totals``); None when there is
  nothing to compare (no weeks, or no profit was possible);
- ``finished_pricing_skill``: the same over the weeks of finished seasons only (the milestone
  ``pricing_skill`` reads this one);
- ``class_rounds``: class-market rounds the learner took part in.

``milestones(learner)`` returns the names reached, a subset of :data:`MILESTONES`.
"""
from __future__ import annotations

from training.extensions import db, one_of
from training.storefront.models import (
    SEASON_FINISHED,
    ClassMarketDecision,
    ClassMarketRound,
    MarketSeason,
    MarketWeek,
    Product,
)
from training.storefront.services import product_cost

PRICING_SKILL_GOAL = 70

MILESTONES = {
    "product_registered": "registered at least one product",
    "product_costed": "worked out a unit cost (HPP) above zero for a product",
    "season_finished": "finished a practice season",
    "season_profit": "finished a practice season with a total profit above zero",
    "pricing_skill": f"pricing skill of at least {PRICING_SKILL_GOAL}% over a finished season",
    "class_market_round": "took part in at least one class-market round that ran",
}
"""Milestone names and what each means (the certificates issue reads these)."""


def storefront_summary(learner) -> dict:
    """The learner's shop results in figures (see the module docstring for each key)."""
    return storefront_summaries([learner])[learner.id]


def storefront_summaries(learners) -> dict[int, dict]:
    """:func:`storefront_summary` of several learners, by learner id, in four queries for all of them."""
    ids = list(dict.fromkeys(learner.id for learner in learners))
    if not ids:
        return {}
    products = _by_learner(ids, db.session.scalars(
        db.select(Product).where(one_of(Product.learner_id, ids), Product.is_active.is_(True))))
    seasons = _by_learner(ids, db.session.execute(
        db.select(MarketSeason.learner_id, MarketSeason.id, MarketSeason.status).where(one_of(MarketSeason.learner_id, ids))))
    # Every played week in one query, figures only (the stored results are large and not needed).
    weeks = _by_learner(ids, db.session.execute(
        db.select(MarketSeason.learner_id, MarketWeek.season_id, MarketWeek.profit, MarketWeek.expected_profit,
                  MarketWeek.best_profit)
        .join(MarketSeason).where(one_of(MarketSeason.learner_id, ids))))
    rounds = dict(db.session.execute(
        db.select(ClassMarketDecision.learner_id, db.func.count()).select_from(ClassMarketDecision)
        .join(ClassMarketRound, db.and_(ClassMarketRound.market_id == ClassMarketDecision.market_id,
                                        ClassMarketRound.week_index == ClassMarketDecision.week_index))
        .where(one_of(ClassMarketDecision.learner_id, ids)).group_by(ClassMarketDecision.learner_id)).all())
    return {learner_id: _summary(products[learner_id], seasons[learner_id], weeks[learner_id],
                                 rounds.get(learner_id, 0))
            for learner_id in ids}


def _by_learner(ids, rows) -> dict[int, list]:
    """Rows (each with a ``learner_id``) grouped by learner, every id present."""
    grouped: dict[int, list] = {learner_id: [] for learner_id in ids}
    for row in rows:
        grouped[row.learner_id].append(row)
    return grouped


def _summary(products: list, seasons: list, weeks: list, rounds: int) -> dict:
    """One learner's summary from their own products, seasons, weeks and class rounds."""
    finished_ids = {s.id for s in seasons if s.status == SEASON_FINISHED}
    finished_weeks = [w for w in weeks if w.season_id in finished_ids]
    season_profit = dict.fromkeys(finished_ids, 0)
    for w in finished_weeks:
        season_profit[w.season_id] += w.profit
    profits = list(season_profit.values())
    return {
        "products": len(products),
        "products_costed": sum(1 for p in products if product_cost(p).unit_cost > 0),
        "seasons_started": len(seasons),
        "seasons_finished": len(finished_ids),
        "seasons_with_profit": sum(1 for p in profits if p > 0),
        "total_profit": sum(profits),
        "best_season_profit": max(profits) if profits else None,
        "pricing_skill": pricing_skill(weeks),
        "finished_pricing_skill": pricing_skill(finished_weeks),
        "class_rounds": rounds or 0,
    }


def pricing_skill(weeks) -> int | None:
    """Expected profit at the prices asked as a percentage of the best, 0 to 100 (None if no basis).

    Rounded half up in integers (69.5% counts as 70%, 70.5% as 71%), as every figure in the shop is.
    """
    best = sum(w.best_profit for w in weeks)
    if best <= 0:
        return None
    actual = sum(w.expected_profit for w in weeks)
    return max(0, min(100, (200 * actual + best) // (2 * best)))


def milestones(learner) -> set[str]:
    """The names from :data:`MILESTONES` the learner has reached."""
    return reached_milestones(storefront_summary(learner))


def learners_milestones(learners) -> dict[int, set[str]]:
    """:func:`milestones` of several learners, by learner id, from one :func:`storefront_summaries`."""
    return {learner_id: reached_milestones(summary) for learner_id, summary in storefront_summaries(learners).items()}


def reached_milestones(summary: dict) -> set[str]:
    """The milestone names a shop summary reaches."""
    reached = set()
    if summary["products"]:
        reached.add("product_registered")
    if summary["products_costed"]:
        reached.add("product_costed")
    if summary["seasons_finished"]:
        reached.add("season_finished")
    if summary["seasons_with_profit"]:
        reached.add("season_profit")
    skill = summary["finished_pricing_skill"]
    if skill is not None and skill >= PRICING_SKILL_GOAL:
        reached.add("pricing_skill")
    if summary["class_rounds"]:
        reached.add("class_market_round")
    return reached
