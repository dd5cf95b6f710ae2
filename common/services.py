"""What every service does last: record who wrote, check the whole record, save."""

from .models import EditedBy


def saved(instance: EditedBy, *, by) -> EditedBy:
    """Stamp `by` on the record, validate all of it and save it."""
    instance.updated_by = by
    instance.full_clean()
    instance.save()
    return instance
