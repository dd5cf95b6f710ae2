"""Months are stored as the first day of the month and written YYYY-MM in URLs."""

import datetime as dt
import re

YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def parse_month(text: str) -> dt.date | None:
    """The month `text` names as YYYY-MM, or None for anything else (2018-13, 0000-00,
    a twenty-digit year, a NUL byte)."""
    match = YEAR_MONTH.fullmatch(text)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), 1)
    except ValueError:  # month 00 or 13, year 0000
        return None


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def previous_month(month: dt.date) -> dt.date:
    return dt.date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def this_month(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return today.replace(day=1)


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day where that month is shorter
    (31 August and 18 months is 28 February, or the 29th in a leap year)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    first = dt.date(year, month_index + 1, 1)
    last_day = (next_month(first) - dt.timedelta(days=1)).day
    return first.replace(day=min(day.day, last_day))
