"""The shopping calendar: which events fall in a given week, and how much they move demand.

Events (codes used in ``CategoryPreset.season_factors``):

- ``ramadan``: the fasting month, from 1 Ramadan to the day before Idul Fitri.
- ``lebaran``: the Lebaran rush, from 10 days before Idul Fitri to 2 days after (kue lebaran, new
  clothes, gifts, home furniture before guests come).
- ``year_end``: Christmas and New Year holidays, 20 December to 1 January.
- ``harvest``: the main rice harvest (*panen raya*), 15 March to 30 April.
- ``school_start``: the new school year (*tahun ajaran baru*), 10 July to 10 August.

A week's factor for a category is the average over its 7 days of the product of the factors of the
events on that day, so a week that only touches Lebaran gets part of the Lebaran factor.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from .model import PERIOD_DAYS

EVENTS = ("ramadan", "lebaran", "year_end", "harvest", "school_start")

# (first day of Ramadan, Idul Fitri = 1 Syawal) as used in Indonesia.
# 2024 and 2025: the government's dates after the sidang isbat (Ramadan 12 Mar 2024, Idul Fitri
# 10 Apr 2024; Ramadan 1 Mar 2025, Idul Fitri 31 Mar 2025).
# 2026 to 2030: estimates from the astronomical new moon with the MABIMS visibility criteria used
# by Kemenag; the isbat can move each date by a day. A facility can override any year with
# ``MarketSettings.lebaran_dates``. A one-day shift changes a week's factor by at most 1/7 of it.
LEBARAN_TABLE: dict[int, tuple[str, str]] = {
    2024: ("2024-03-12", "2024-04-10"),
    2025: ("2025-03-01", "2025-03-31"),
    2026: ("2026-02-19", "2026-03-20"),
    2027: ("2027-02-08", "2027-03-10"),
    2028: ("2028-01-28", "2028-02-26"),
    2029: ("2029-01-16", "2029-02-14"),
    2030: ("2030-01-05", "2030-02-04"),
}

LEBARAN_DAYS_BEFORE = 10
LEBARAN_DAYS_AFTER = 2


def _ramadan_dates(year: int, overrides: tuple) -> tuple[dt.date, dt.date] | None:
    table = dict(LEBARAN_TABLE)
    table.update(dict(overrides))
    if year not in table:
        return None
    ramadan, idul_fitri = table[year]
    return dt.date.fromisoformat(ramadan), dt.date.fromisoformat(idul_fitri)


def events_on(day: dt.date, overrides: tuple = ()) -> tuple[str, ...]:
    """The event codes in force on one day (``overrides``: ``lebaran_dates`` items as a tuple).

    Years outside the table have no Ramadan or Lebaran event: the engine does not guess them.
    """
    found = []
    for year in (day.year, day.year + 1):
        dates = _ramadan_dates(year, overrides)
        if dates is None:
            continue
        ramadan, idul_fitri = dates
        if ramadan <= day < idul_fitri:
            found.append("ramadan")
        lebaran_first = idul_fitri - dt.timedelta(days=LEBARAN_DAYS_BEFORE)
        lebaran_last = idul_fitri + dt.timedelta(days=LEBARAN_DAYS_AFTER)
        if lebaran_first <= day <= lebaran_last:
            found.append("lebaran")
    if (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day == 1):
        found.append("year_end")
    if (day.month == 3 and day.day >= 15) or day.month == 4:
        found.append("harvest")
    if (day.month == 7 and day.day >= 10) or (day.month == 8 and day.day <= 10):
        found.append("school_start")
    return tuple(dict.fromkeys(found))


def week_events(week_start: dt.date, overrides: tuple = ()) -> tuple[str, ...]:
    """Every event that touches at least one day of the week starting on ``week_start``."""
    return events_of_days(week_day_events(week_start, overrides))


def events_of_days(day_events: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """Every event of the days given (``week_day_events``), in the order they first appear."""
    return tuple(dict.fromkeys(code for codes in day_events for code in codes))


def lebaran_overrides(lebaran_dates: dict | None) -> tuple:
    """``MarketSettings.lebaran_dates`` as the sorted tuple the functions here take."""
    return tuple(sorted((int(k), tuple(v)) for k, v in (lebaran_dates or {}).items()))


@lru_cache(maxsize=512)
def week_day_events(week_start: dt.date, overrides: tuple = ()) -> tuple[tuple[str, ...], ...]:
    """The events of each of the 7 days of a week (compute once, then price every category).

    A pure function of its (hashable) arguments, so its answers are cached: every simulated
    seller and every group of a round asks for the same week.
    """
    return tuple(events_on(week_start + dt.timedelta(days=offset), overrides)
                 for offset in range(PERIOD_DAYS))


def factor_for_days(season_factors: dict[str, float], day_events: tuple) -> float:
    """Average over the days of the product of the factors of each day's events."""
    total = 0.0
    for codes in day_events:
        day_factor = 1.0
        for code in codes:
            day_factor *= season_factors.get(code, 1.0)
        total += day_factor
    return total / len(day_events)


def season_factor(season_factors: dict[str, float], week_start: dt.date,
                  lebaran_dates: dict | None = None) -> float:
    """The demand multiplier of a category (given its ``season_factors``) for one week."""
    return factor_for_days(season_factors,
                           week_day_events(week_start, lebaran_overrides(lebaran_dates)))
