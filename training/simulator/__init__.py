"""The market engine of Karya Mandiri: a simulated market for the learners' workshop products.

Pure Python (standard library only), deterministic for a given seed, no clock and no global
state. The web layer (``training/storefront``) turns requests into the calls below and stores
every input and result as JSON through the ``to_dict``/``from_dict`` methods.

Inputs
    ``MarketSettings``: category presets (``CategoryPreset``: reference price, shoppers per week
    per channel, segments, shelf life, season factors), channels (``ChannelPreset``: stall fee,
    commission), the money split (``SplitRates``; per facility in ``facility_splits``), start
    date, seed. ``presets.default_settings(start_date, seed, **changes)`` builds a full one.

    ``Offer(offer_id, owner_id, category, channel, price, quality, unit_cost, units_made=0,
    marketing_spend=0, rating=3.0, stock=(), unit_cost_breakdown={}, facility_id='',
    kind='learner', name='', unit='', hours_per_unit=None)``: one product of one seller in one
    channel for one week. Money is integer rupiah, quality 0..1, rating 1..5 stars, ``stock`` a
    tuple of ``StockBatch(units, age_days, unit_cost)``.

    ``SimulatedSeller(seller_id, category, channel, strategy, unit_cost, quality, price,
    units_per_week=None, marketing_spend=0, rating=3.0)`` with ``SellerStrategy(kind, ...)``,
    ``kind`` one of ``fixed``, ``undercut``, ``premium``, ``best_response``.

Running
    ``run_period(offers, settings, week_index, *, seed=None, expected=False) -> PeriodResult``
    ``run_season(offers, settings, weeks, *, first_week=0, sellers=(), seed=None,
    expected=False, revise=None) -> SeasonResult``
    ``simulated_offers(sellers, learner_offers, settings, week_index, previous=None) -> [Offer]``
    ``carry_forward(offers, result) -> [Offer]`` (next week's offers with stock and rating)

    A ``PeriodResult`` holds one ``OfferResult`` per offer (demand, sold, lost, spoiled, revenue,
    production_cost, commission, stall_fee, marketing_cost, profit, rating_after, stock_after,
    name, unit; and the deprecated pnbp, premi, working_capital) and one ``GroupResult`` per category and channel
    (shoppers, season factor, events).

Settlement (the split)
    ``settle(profits_by_period, rates, carried_loss=0, revenues_by_period=None, labels=None)
    -> [Settlement]`` and ``settle_seller(periods, owner_id, settings, settlement_period='week',
    carried_loss=0, rates=None) -> [Settlement]`` (``SETTLEMENT_PERIODS``: week, month, season):
    PNBP, premi and modal usaha per seller per settlement period, on net profit with losses
    carried forward. ``settlement_totals(settlements)`` adds them up.

Limits and cash (a real business)
    ``limits.plan_for(offers, settings, *, helper_hours=0, borrow=0, repay=0, lang='id') ->
    WeekPlan``; ``limits.check_plan(plan, settings, cash, loan_balance=0, *, loan_limit=None,
    lang='id') -> [Refusal]`` (code ``hours``/``cash``/``loan``, numbers, text).
    ``cash.run_business_week(offers, settings, week_index, wallets: {owner: Wallet(cash, loan)},
    extras: {owner: WeekExtras(helper_hours, borrow, repay)}, *, seed, expected, lang) ->
    BusinessWeek(result, ledgers: {owner: CashWeek}, wallets)``; raises ``PlanRefused``.
    ``cash.ledger(result, owner_id, settings, wallet, extra)``; ``cash.close_season(wallet)``.

Advice (one suggestion per product and channel, from the engine's own model)
    ``advice.advise(offer, rivals: [Rival], settings, week_index, *, price=None, units=None,
    cash=None, max_units=None, weeks_left=None, lang='id') -> Advice`` (suggested price with its
    reason, floor, ceiling, beyond_range, rivals' price range, shoppers, expected demand, sales,
    leftover, spoilage, profit, suggested quantity by the newsvendor rule and its reason);
    ``advice.advise_seller(offers, rivals: {offer_id: [Rival]}, settings, week_index, *,
    cash=None, helper_hours=0.0, weeks_left=None, lang='id') -> [Advice]`` (quantities fitted
    into the seller's hours and cash); ``advice.rivals_in(result, offer_id, category, channel)``.
    ``players.play_season``, ``follow_advice``, ``keep_prefilled``, ``first_batch(advice)``,
    ``best_possible_profit`` check the advice over a season.

Replay ("Ulangi minggu ini")
    ``replay.replay_week(result, settings, changes: {offer_id: {field: value}},
    previous=None) -> Replay(actual, replayed, changed)`` with ``.pairs(owner_id)`` and
    ``.profit_change(owner_id)``; fields ``price``, ``units_made``, ``marketing_spend``,
    ``quality``. Same seed, week, shoppers and rival decisions; pure.
    ``replay.offers_of_week(result, previous)`` rebuilds the week's offers.

Money
    Per offer and week: ``profit == revenue - production_cost - commission - stall_fee -
    marketing_cost``, to the rupiah. The split into PNBP, premi and modal usaha belongs to the
    settlement (above), never to one offer's week: ``OfferResult.pnbp/premi/working_capital``
    are an old per-offer-week split, deprecated, kept only until every caller reads
    ``settle_seller`` (the storefront still shows them on ``main``). See ``money.py`` for the
    rates and rounding.

Explaining
    ``debrief_period(result, offer_id, settings, previous=None, *, lang='id', what_if=True)``
    ``debrief_season(season, owner_id, settings, *, lang='id', settlement_period=None,
    extra_costs=None)`` -> ``[DebriefItem]`` (code, numbers, text); the season report leads
    with ``season_lead.profit``, ``season_lead.premi``, ``season_lead.lesson``.
    ``profit_curve(result, offer_id, settings, prices=None, *, points=41,
    stock_limited=False) -> ProfitCurve`` (points and the best price, rivals held fixed).

Inputs are checked (``checks.py``): money is whole rupiah (``int``), other numbers finite, quality
0..1, rating 1..5, a segment's price weight positive; anything else raises ValueError.

Pricing theory (for tests and teaching)
    ``best_response_price(product, rivals, params, commission_rate=0.0)``,
    ``pricing.best_response(...) -> PriceSearch(price, beyond_range)``,
    ``nash_prices(products, params, ...)``, ``first_order_gap(...)``.
"""

from .debrief import DebriefItem, debrief_period, demand_drivers
from .engine import run_period, run_season
from .model import CategoryPreset, ChannelPreset, MarketSettings, Offer, Segment, StockBatch
from .money import Settlement, SplitRates, settle
from .presets import EXAMPLE_SPLIT, default_settings
from .pricing import Product, Rival, best_response_price, first_order_gap, nash_prices
from .settlement import SETTLEMENT_PERIODS, settle_seller, settlement_totals
from .season_report import debrief_season
from .results import GroupResult, OfferResult, PeriodResult, SeasonResult, carry_forward
from .strategies import SellerStrategy, SimulatedSeller, simulated_offers
from .whatif import ProfitCurve, ProfitPoint, profit_curve

__all__ = [
    "CategoryPreset", "ChannelPreset", "DebriefItem", "EXAMPLE_SPLIT", "GroupResult",
    "MarketSettings", "Offer", "OfferResult", "PeriodResult", "Product", "ProfitCurve",
    "ProfitPoint", "Rival", "SeasonResult", "Segment", "SellerStrategy", "SimulatedSeller",
    "SETTLEMENT_PERIODS", "Settlement", "SplitRates", "StockBatch", "best_response_price",
    "carry_forward", "debrief_period",
    "debrief_season", "default_settings", "demand_drivers", "first_order_gap", "nash_prices",
    "profit_curve", "run_period", "run_season", "settle", "settle_seller", "settlement_totals",
    "simulated_offers",
]
