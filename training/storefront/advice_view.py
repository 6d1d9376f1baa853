"""The advice shown where a practice week is decided: per product and per channel, the engine's
suggested price and quantity with their one-sentence reasons, the range of the rivals' prices
(never a price for this product), and what to expect at the price the form holds.

The rivals are this week's: the simulated sellers' prices as they will ask them (they are fixed
before the learner decides) and the learner's own other products in the same group, which share
the same shoppers. The same advice gives a new product's pre-filled price, so the advice and the
form agree.
"""
from __future__ import annotations

from dataclasses import replace

from training.simulator import Rival, simulated_offers
from training.simulator.advice import advise, advise_seller
from training.simulator.players import first_batch
from training.storefront import market, practice, services
from training.storefront.practice import history, owner_key, season_sellers, season_settings, wallet


ROUNDS = 6
"""At most this many times the first week's advice is worked out again at the advised price."""


def _product_id(offer) -> int:
    """The product id in a learner offer's id (``owner:p12:channel``)."""
    return int(offer.offer_id.split(":")[1][1:])


def _rival(offer) -> Rival:
    return Rival(offer.price, offer.quality, offer.marketing_spend, offer.rating)


def week_advice(season, base: list[dict], lang: str = "id") -> dict[int, list]:
    """Product id -> one :class:`~training.simulator.advice.Advice` per channel for the coming
    week, the expected figures worked out at each ``base`` decision's price and quantity. In the
    channels each decision uses, the suggested quantities (and a price that sells a scarce stock
    best) are fitted together into the week's hours and cash (``advise_seller``): the same advice
    the season report's best possible profit is counted from."""
    settings = season_settings(season)
    owner = owner_key(season.learner_id)
    results = history(season)
    state = market.carried_state(results)
    facility = str(season.facility_id)
    offers = []
    for decision in base:
        for channel in market.CHANNELS:
            offers += market.decision_offers(owner, facility, [{**decision, "channels": [channel],
                                                                 "units": max(1, int(decision["units"] or 1)),
                                                                 "price": decision["price"] or 100}], state)
    week = season.weeks_played
    rivals = simulated_offers(season_sellers(season), offers, settings, week, results[-1] if results else None)
    cash = max(wallet(season).cash, 0)
    groups = {offer.offer_id: [_rival(o) for o in rivals + offers if o.category == offer.category
                               and o.channel == offer.channel and o.offer_id != offer.offer_id] for offer in offers}
    channels = {int(d["product_id"]): set(d.get("channels") or ()) for d in base}
    chosen = [o for o in offers if o.channel in channels[_product_id(o)]]
    # The channels the plan uses share the week's hours and cash: fit their quantities together,
    # so a learner who makes what each line advises has a plan that runs.
    fitted = {a.offer_id: a for a in advise_seller(chosen, groups, settings, week, cash=cash,
                                                   weeks_left=season.weeks - week, lang=lang)} if chosen else {}
    by_product: dict[int, list] = {}
    for offer in offers:
        together = fitted.get(offer.offer_id)
        advice = advise(offer, groups[offer.offer_id], settings, week, price=offer.price, units=offer.units_made,
                        cash=cash, max_units=together.suggested_units if together else None,
                        weeks_left=season.weeks - week, lang=lang)
        if together:
            advice = replace(advice, suggested_price=together.suggested_price, reason=together.reason,
                             suggested_units=together.suggested_units, quantity_reason=together.quantity_reason)
        by_product.setdefault(_product_id(offer), []).append(advice)
    return by_product


def first_week_decisions(season, lang: str = "id") -> list[dict]:
    """A new season's pre-filled decisions (see :func:`first_week_plan`)."""
    return first_week_plan(season, lang)[0]


def first_week_plan(season, lang: str = "id") -> tuple[list[dict], dict[int, list]]:
    """A new season's pre-filled decisions and the advice they come from: each product at the
    showroom's advised price, a first batch of half the advised quantity (at least 1): learn what
    sells before making more."""
    settings = season_settings(season)
    base = [market.first_decision(snap, settings, len(season.products), settings.starting_cash)
            for snap in season.products]
    advice: dict[int, list] = {}
    for _round in range(ROUNDS):  # the rivals answer the price asked: advise again at the advised price
        advice = week_advice(season, base, lang)
        advised = [{**d, "price": advice[int(d["product_id"])][0].suggested_price,
                    "units": first_batch(advice[int(d["product_id"])][0])} for d in base]
        settled = all(a["price"] == d["price"] for a, d in zip(advised, base))
        base = advised
        if settled:  # the advice at these prices suggests these prices: the form and advice agree
            break
    return base, advice


def product_advice(learner, product, lang: str = "id") -> dict | None:
    """What the product page shows as the suggested price: exactly what the decision form of a
    practice season started now with the learner's sellable products (the new-season form's
    choice) would pre-fill for this product, with the showroom advice's reason (which names the
    break-even price), its first batch (and why, when none can be made) and the rivals' prices. None for a product whose cost cannot be
    worked out (no market takes it)."""
    products = services.sellable_products(learner)
    if product.id not in {p.id for p in products}:
        return None
    season = practice.new_season(learner, products, practice.MIN_WEEKS, seed=0)
    decisions, advice = first_week_plan(season, lang)
    decision = next(d for d in decisions if int(d["product_id"]) == product.id)
    showroom = advice[product.id][0]
    return {"price": decision["price"], "units": decision["units"], "reason": showroom.reason,
            "quantity_reason": showroom.quantity_reason, "rivals": showroom.rival_price_range}
