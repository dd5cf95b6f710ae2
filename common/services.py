"""What every service does last: record who wrote, check the whole record, save."""

from typing import TypeVar

from .models import EditedBy

Record = TypeVar("Record", bound=EditedBy)


def saved(instance: Record, *, by) -> Record:
    """Stamp `by` on the record, validate all of it and save it."""
    instance.updated_by = by
    instance.full_clean()
    instance.save()
    return instance
