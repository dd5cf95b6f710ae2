"""What every service does last: record who wrote, check the whole record, save."""

from typing import TypeVar

from .models import EditedBy

Record = TypeVar("Record", bound=EditedBy)


def saved(instance: Record, *, by) -> Record:
    """Stamp `by` on the record, validate all of it and save it."""
    instance.updated_by = by
    return validated_save(instance, by=by)


def attribute_to(instance, by) -> None:
    """Name `by` as who made the next change to `instance`, in its history (read by
    django-simple-history when the record is saved or deleted)."""
    setattr(instance, "_history_user", by)  # noqa: B010 (a private name of the library)


def validated_save(instance, *, by):
    """Validate all of the record and save it; its history names `by` as who."""
    attribute_to(instance, by)
    instance.full_clean()
    instance.save()
    return instance


def deleted(instance, *, by) -> None:
    """Delete the record; its history keeps it and names `by` as who deleted it."""
    attribute_to(instance, by)
    instance.delete()
