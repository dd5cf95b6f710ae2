"""What cites a framework's rows (criteria, levels, headings, judgement areas) from
anywhere in the project: ratings, actions, findings, recommendations, points, KPIs.

Found through Django's model metadata, because `frameworks` imports no app above it
(README, "Imports point one way"): a new model that links to a criterion is counted
without a change here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import ForeignObjectRel, Model


@dataclass
class Citations:
    """Who cites one row: the citing rows' ids per kind, and the areas they belong to."""

    by_kind: dict[type[Model], set[int]] = field(default_factory=lambda: defaultdict(set))
    areas: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        counts = ", ".join(count_of(model, len(ids)) for model, ids in self.by_kind.items())
        return f"{counts} ({', '.join(sorted(self.areas))})" if self.areas else counts


def count_of(model: type[Model], count: int) -> str:
    """'1 rating', '2 ratings': in the model's own words."""
    name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
    return f"{count} {name}"


def citing_relations(
    model: type[Model], *, ignore: Collection[type[Model]]
) -> list[ForeignObjectRel]:
    """Every link pointing at `model`: foreign keys and many-to-many fields, hidden
    ones (related_name="+") included, from any app except the models in `ignore`."""
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if isinstance(relation, ForeignObjectRel)
        # A many-to-many's own table is counted through the many-to-many field itself.
        and not relation.related_model._meta.auto_created
        # django-simple-history keeps its own copy of what it records.
        and not relation.related_model.__name__.startswith("Historical")
        and relation.related_model not in ignore
    ]


def citations_of(
    model: type[Model], pks: Collection[int], *, ignore: Collection[type[Model]] = ()
) -> dict[int, Citations]:
    """The citations of each of `pks` that has any; one query per kind of link."""
    found: dict[int, Citations] = defaultdict(Citations)
    if not pks:
        return found
    for relation in citing_relations(model, ignore=ignore):
        citing = relation.related_model
        link = relation.field.name
        area_path = getattr(citing, "area_path", None)
        columns = ["pk", link] + ([f"{area_path}__name"] if area_path else [])
        rows = citing._default_manager.filter(**{f"{link}__in": pks}).values_list(*columns)
        for pk, cited, *area in rows:
            found[cited].by_kind[citing].add(pk)
            found[cited].areas.update(name for name in area if name)
    return dict(found)
