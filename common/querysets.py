"""Scoping by structure: every model an area owns is queried through `for_area(area)`,
so a bare id from another area cannot be reached, even by a new view."""

from django.db import models


class AreaOwnedQuerySet(models.QuerySet):
    """Rows an area owns. The model names the lookup from a row to its area in
    `area_path` (e.g. "plan__area")."""

    def for_area(self, area):
        return self.filter(**{self.model.area_path: area})  # type: ignore[attr-defined]


def flag(condition: models.Q) -> models.Case:
    """True where `condition` holds, else False (never NULL, unlike a bare Q)."""
    return models.Case(
        models.When(condition, then=models.Value(True)),
        default=models.Value(False),
        output_field=models.BooleanField(),
    )
