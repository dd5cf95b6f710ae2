"""Lengths of time in words, for pages and emails."""

from django.conf import settings

MINUTES_A_DAY = 24 * 60


def minutes_in_words(minutes: int) -> str:
    """'1 minute', '45 minutes', '2 hours', '3 days': whole hours and days in those units."""
    for size, unit in ((MINUTES_A_DAY, "day"), (60, "hour")):
        if minutes >= size and minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}" if count == 1 else f"{count} {unit}s"
    return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"


def link_lifetime() -> str:
    """How long an emailed password link works (Django's PASSWORD_RESET_TIMEOUT)."""
    return minutes_in_words(settings.PASSWORD_RESET_TIMEOUT // 60)
