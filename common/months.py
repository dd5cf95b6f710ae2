"""Months are stored as the first day of the month and written YYYY-MM in URLs."""

import datetime as dt


def parse_month(text: str) -> dt.date | None:
    try:
        year, month = (int(part) for part in text.split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return None


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def previous_month(month: dt.date) -> dt.date:
    return dt.date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def this_month(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return today.replace(day=1)
