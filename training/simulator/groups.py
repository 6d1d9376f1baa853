"""How offers are grouped into markets and what each group shares: shoppers, choice parameters
and stall fees. Used by the engine, the simulated sellers and the what-if tools alike."""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from .choice import ChoiceParams
from .model import CategoryPreset, MarketSettings, Offer
from .money import allocate_evenly
from .seasons import factor_for_days, lebaran_overrides, week_day_events


def check_offers(offers: Iterable[Offer], settings: MarketSettings) -> None:
    """Raise ValueError for a repeated offer id or an unknown category or channel."""
    seen: set[str] = set()
    for offer in offers:
        if offer.offer_id in seen:
            raise ValueError(f"offer id {offer.offer_id!r} appears twice")
        seen.add(offer.offer_id)
        if offer.category not in settings.categories:
            raise ValueError(f"offer {offer.offer_id!r}: unknown category {offer.category!r}")
        if offer.channel not in settings.channels:
            raise ValueError(f"offer {offer.offer_id!r}: unknown channel {offer.channel!r}")


def stall_fee_shares(offers: Iterable[Offer], settings: MarketSettings) -> dict[str, int]:
    """Each offer's part of its seller's stall fee: one fee per seller per channel per period,
    shared evenly over that seller's offers in the channel (sorted by id; leftover rupiah first)."""
    by_stall: dict[tuple[str, str], list[str]] = {}
    shares: dict[str, int] = {}
    for offer in offers:
        if settings.channels[offer.channel].stall_fee == 0:
            shares[offer.offer_id] = 0  # nothing to share: skip the grouping
        else:
            by_stall.setdefault((offer.owner_id, offer.channel), []).append(offer.offer_id)
    for (_owner, channel), offer_ids in by_stall.items():
        offer_ids.sort()
        fee = settings.channels[channel].stall_fee
        for offer_id, share in zip(offer_ids, allocate_evenly(fee, len(offer_ids))):
            shares[offer_id] = share
    return shares


def choice_params(settings: MarketSettings, category: str, customers: float) -> ChoiceParams:
    """The choice formula's shared parameters for a category with ``customers`` shoppers."""
    preset = settings.categories[category]
    return ChoiceParams(
        reference_price=float(preset.reference_price),
        marketing_reference=float(preset.marketing_reference),
        marketing_weight=settings.marketing_weight, rating_weight=settings.rating_weight,
        segments=tuple((customers * s.weight, s.quality_weight, s.price_weight)
                       for s in preset.segments if s.weight > 0))


def segment_table(presets: Sequence[CategoryPreset]) -> tuple[np.ndarray, list[int]]:
    """The choice formula's segments of each category, as :func:`choice_params` takes them
    (none of weight 0), for the engine's arrays: category x (weight, quality weight ``a``, price
    weight ``b``) x segment, zeros where a category has fewer segments than the widest; and
    how many segments each category has."""
    kept = [[s for s in preset.segments if s.weight > 0] for preset in presets]
    widest = max(map(len, kept), default=0)
    flat: list[float] = []
    for segments in kept:
        padding = [0.0] * (widest - len(segments))
        for segment in segments:
            flat.append(segment.weight)
        flat += padding
        for segment in segments:
            flat.append(segment.quality_weight)
        flat += padding
        for segment in segments:
            flat.append(segment.price_weight)
        flat += padding
    return np.array(flat, dtype=float).reshape(len(kept), 3, widest), list(map(len, kept))


def group_customers(settings: MarketSettings, category: str, channel: str,
                    day_events: tuple) -> tuple[float, float]:
    """``(customers, season_factor)`` of one group in the week whose day events are given."""
    preset = settings.categories[category]
    factor = factor_for_days(preset.season_factors, day_events)
    base = preset.customers_per_week.get(channel, 0.0) * settings.customer_scale
    return base * factor, factor


def week_customers(settings: MarketSettings, category: str, channel: str,
                   week_index: int) -> tuple[float, float]:
    """``(customers, season_factor)`` of one group in week ``week_index`` of the market."""
    day_events = week_day_events(settings.week_start(week_index),
                                 lebaran_overrides(settings.lebaran_dates))
    return group_customers(settings, category, channel, day_events)
