"""Time helpers. Datetimes are stored as naive UTC; pages show them in the facility's zone."""
from datetime import UTC, date, datetime


def now_utc() -> datetime:
    """The current time as naive UTC, the form every ``*_dt`` column holds."""
    return datetime.now(UTC).replace(tzinfo=None)


def epoch_seconds() -> float:
    """Now in seconds since 1970, as time on task counts it (tests set the clock by replacing this)."""
    return datetime.now(UTC).timestamp()


def today_utc() -> date:
    """Today's date in UTC."""
    return now_utc().date()
