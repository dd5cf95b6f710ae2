"""What every service does last: record who wrote, check the whole record, save."""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .errors import Refused
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
    """Validate all of the record and save it; its history names `by` as who. A record
    the rules refuse, or that clashes with one saved at the same moment (a double click,
    two people at once), is `Refused` with a message, never an error page."""
    attribute_to(instance, by)
    try:
        instance.full_clean()
        with transaction.atomic():  # a savepoint: the clash leaves the caller's transaction usable
            instance.save()
    except ValidationError as error:
        raise Refused(" ".join(error.messages)) from error
    except IntegrityError as error:
        raise Refused(
            f"This {instance._meta.verbose_name} clashes with one saved at the same moment "
            "(perhaps by someone else). Nothing was saved: reload the page and check."
        ) from error
    return instance


def deleted(instance, *, by) -> None:
    """Delete the record; its history keeps it and names `by` as who deleted it."""
    attribute_to(instance, by)
    instance.delete()
