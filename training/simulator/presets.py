"""Starting figures for the five workshop categories and three sales channels.

Each figure says where it comes from: a price reported in the news about workshop products
(each cited beside its figure) or, plainly, an assumption made for the game. Facilities can change every
figure through ``MarketSettings``; nothing here is a regulation.

Segments (the same three everywhere, in different mixes): ``price_sensitive`` customers mostly
compare prices, ``quality_seeking`` customers pay for quality, ``gift_buyers`` buy presents and care
about quality and looks more than price. Their weights (``a`` for quality, ``b`` for price relative
to the reference price) are assumptions chosen so that a fair price near the reference price sells
and a price twice the reference price sells little.
"""

from __future__ import annotations

from .model import CategoryPreset, ChannelPreset, MarketSettings, Segment
from .money import SplitRates

# The example split. Published splits differ between facilities (Pangkalan Bun 50% premi,
# 15% PNBP, 35% capital; Bukittinggi 15% premi and 25% PNBP of profit; Namlea 30% premi) and which
# is current is unverified. This one is labelled as an example; each facility sets its own.
EXAMPLE_SPLIT = SplitRates(
    pnbp_rate=0.15, premi_rate=0.50, basis="profit",
    label="Contoh saja (example only): 15% PNBP, 50% premi dari laba; atur sesuai lapas Anda.",
)


# Hours of work per unit, all assumptions for the game, written as a workshop would estimate them:
# a pack of snacks takes minutes once a batch is going (0.1 h), a jar of cookies about half an hour
# (0.5 h), a hand-drawn batik cloth a full day (8 h), a rattan sofa set a working week (40 h).
# The category defaults (``hours_per_unit`` below) sit in the middle of their examples (furniture:
# 24 h, between a chair and a sofa set, so one person makes about one piece in a 30-hour week);
# a product may set its own (``Offer.hours_per_unit``).
HOURS_PER_UNIT_EXAMPLES = {
    "makanan": {"keripik / snack (bungkus)": 0.1, "kue kering (toples)": 0.5,
                "roti (bungkus)": 0.25},
    "kerajinan": {"gantungan kunci": 0.5, "tas anyaman": 4.0, "batik tulis (lembar)": 8.0},
    "mebel": {"kursi": 12.0, "meja": 16.0, "set kursi rotan": 40.0},
    "pertanian": {"sawi (ikat)": 0.2},
    "perikanan": {"lele (kg)": 0.3},
}


def _segments(price_sensitive: float, quality_seeking: float, gift_buyers: float,
              price_b: float = 4.0) -> tuple[Segment, ...]:
    """The three segments in a category's mix; a segment with no weight is left out."""
    segments = (
        Segment("price_sensitive", price_sensitive, quality_weight=1.0, price_weight=price_b),
        Segment("quality_seeking", quality_seeking, quality_weight=3.0, price_weight=1.5),
        Segment("gift_buyers", gift_buyers, quality_weight=2.5, price_weight=2.0),
    )
    return tuple(s for s in segments if s.weight > 0)


def category_presets() -> dict[str, CategoryPreset]:
    """The five categories with their figures (a fresh dict each call, so callers may change it)."""
    return {
        # Handicrafts: Kerobokan (Bali) crafts sell for Rp10.000 to Rp150.000 (news report); Rp75.000 is
        # the middle of that range. Batik (Rp245.000 to Rp400.000, news report) is dearer: add a batik
        # category in settings if a class sells batik. Customer counts, cost range, marketing
        # reference and season factors are assumptions for the game.
        "kerajinan": CategoryPreset(
            code="kerajinan", reference_price=75_000,
            customers_per_week={"showroom": 120, "bazar": 200, "online": 300},
            segments=_segments(0.35, 0.30, 0.35),
            shelf_life_days=None, marketing_reference=50_000,
            unit_cost_range=(25_000, 55_000),
            season_factors={"ramadan": 1.1, "lebaran": 1.6, "year_end": 1.3,
                            "harvest": 1.05, "school_start": 1.1},
            name_id="kerajinan tangan", name_en="handicrafts", unit_id="buah", unit_en="pieces",
            hours_per_unit=3.0),
        # Food: cookies sold for Rp50.000 at a 2013 exhibition, priced "cost plus a thin margin"
        # (news report), hence the cost range just below it (assumption). A 14-day shelf life is an
        # assumption between bread (days) and packed cookies (weeks).
        "makanan": CategoryPreset(
            code="makanan", reference_price=50_000,
            customers_per_week={"showroom": 150, "bazar": 250, "online": 150},
            segments=_segments(0.55, 0.30, 0.15, price_b=4.5),
            shelf_life_days=14, marketing_reference=30_000,
            unit_cost_range=(25_000, 40_000),
            season_factors={"ramadan": 1.3, "lebaran": 1.8, "year_end": 1.2,
                            "harvest": 1.0, "school_start": 0.95},
            name_id="makanan", name_en="food", unit_id="bungkus", unit_en="packs",
            hours_per_unit=0.25),
        # Furniture: Parepare furniture Rp1,5 to 6 juta and Tasikmalaya rattan sets Rp1,8 to 4 juta
        # (news report); Rp2,5 juta is a typical set. Costs, customers and factors are assumptions.
        "mebel": CategoryPreset(
            code="mebel", reference_price=2_500_000,
            customers_per_week={"showroom": 15, "bazar": 10, "online": 25},
            segments=_segments(0.45, 0.45, 0.10),
            shelf_life_days=None, marketing_reference=250_000,
            unit_cost_range=(1_200_000, 2_000_000),
            season_factors={"ramadan": 1.1, "lebaran": 1.3, "year_end": 1.2,
                            "harvest": 1.1, "school_start": 1.1},
            name_id="mebel", name_en="furniture", unit_id="set", unit_en="sets",
            hours_per_unit=24.0),
        # Farm products: Namlea sold 330 bunches of sawi for Rp1,27 juta (news report), about Rp3.850 a
        # bunch, so Rp4.000. Fresh greens keep about 3 days (assumption). During the main harvest
        # markets are full of produce, so fewer buyers come to us (factor 0.85, an assumption).
        "pertanian": CategoryPreset(
            code="pertanian", reference_price=4_000,
            customers_per_week={"showroom": 300, "bazar": 400, "online": 50},
            segments=_segments(0.75, 0.25, 0.0, price_b=5.0),
            shelf_life_days=3, marketing_reference=10_000,
            unit_cost_range=(1_500, 2_500),
            season_factors={"ramadan": 1.2, "lebaran": 1.3, "year_end": 1.1,
                            "harvest": 0.85, "school_start": 0.95},
            name_id="hasil pertanian", name_en="farm products", unit_id="ikat", unit_en="bunches",
            hours_per_unit=0.2),
        # Fish: catfish (lele) per kg. News reports name catfish farming (Karawang, Parepare) but gives no
        # price: Rp25.000/kg, the cost range and the 2-day shelf life of fresh fish on ice are
        # assumptions for the game.
        "perikanan": CategoryPreset(
            code="perikanan", reference_price=25_000,
            customers_per_week={"showroom": 120, "bazar": 150, "online": 30},
            segments=_segments(0.70, 0.30, 0.0, price_b=5.0),
            shelf_life_days=2, marketing_reference=10_000,
            unit_cost_range=(15_000, 20_000),
            season_factors={"ramadan": 1.2, "lebaran": 1.4, "year_end": 1.2,
                            "harvest": 1.0, "school_start": 0.95},
            name_id="ikan", name_en="fish", unit_id="kg", unit_en="kg",
            hours_per_unit=0.3),
    }


def channel_presets() -> dict[str, ChannelPreset]:
    """The three channels (a fresh dict each call)."""
    return {
        # The facility showroom or the national UMKM Pemasyarakatan showroom (news report): no rent and
        # no commission; the state's share is the PNBP in the split.
        "showroom": ChannelPreset("showroom", stall_fee=0, commission_rate=0.0,
                                  name_id="showroom", name_en="showroom"),
        # A bazaar or exhibition stall: Rp150.000 a week is an assumption for the game.
        "bazar": ChannelPreset("bazar", stall_fee=150_000, commission_rate=0.0,
                               name_id="bazar", name_en="bazaar"),
        # An online marketplace: platform fees vary by platform and product; 8% of the sale price
        # is an assumption for the game.
        "online": ChannelPreset("online", stall_fee=0, commission_rate=0.08,
                                name_id="toko online", name_en="online shop"),
    }


def default_settings(start_date: str = "2027-01-04", seed: int = 0, **changes) -> MarketSettings:
    """A complete market with the presets above and the example split; ``changes`` override fields."""
    fields = {"categories": category_presets(), "channels": channel_presets(),
              "split": EXAMPLE_SPLIT, "start_date": start_date, "seed": seed}
    fields.update(changes)
    return MarketSettings(**fields)
