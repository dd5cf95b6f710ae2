"""What every service does last: record who wrote, check the whole record, save."""

from typing import TypeVar

from .models import EditedBy

Record = TypeVar("Record", bound=EditedBy)


def saved(instance: Record, *, by) -> Record:
    """Stamp `by` on the record, validate all of it and save it."""
    instance.updated_by = by
    return validated_save(instance, by=by)


def validated_save(instance, *, by):
    """Validate all of the record and save it; its history names `by` as who."""
    instance._history_user = by  # read by django-simple-history
    instance.full_clean()
    instance.save()
    return instance


def deleted(instance, *, by) -> None:
    """Delete the record; its history keeps it and names `by` as who deleted it."""
    instance._history_user = by
    instance.delete()
