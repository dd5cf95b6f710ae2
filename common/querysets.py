"""Scoping by structure: every model an area owns is queried through `for_area(area)`,
so a bare id from another area cannot be reached, even by a new view."""

from django.db import models


class AreaOwnedQuerySet(models.QuerySet):
    # The lookup from a row to the area that owns it; subclasses name their own.
    area_path = "area"

    def for_area(self, area):
        return self.filter(**{self.area_path: area})


def owned_through(path: str) -> type[AreaOwnedQuerySet]:
    """A queryset class for a model whose area is reached by `path`."""
    return type(f"OwnedThrough_{path}", (AreaOwnedQuerySet,), {"area_path": path})


def flag(condition: models.Q) -> models.Case:
    """True where `condition` holds, else False (never NULL, unlike a bare Q)."""
    return models.Case(
        models.When(condition, then=models.Value(True)),
        default=models.Value(False),
        output_field=models.BooleanField(),
    )
