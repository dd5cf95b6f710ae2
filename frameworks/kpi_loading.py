"""Read a KPI catalogue file and load it into its framework, all or nothing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.db import transaction

from .loading import FrameworkFileError
from .models import Criterion, Framework, Kpi

FIELDS = {
    "code",
    "name",
    "definition",
    "unit",
    "direction",
    "frequency",
    "source",
    "tolerance",
    "criteria",
}


def read_kpi_file(path: Path | str) -> dict:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise FrameworkFileError([f"{path}: cannot be read as YAML ({error})."]) from error
    if not isinstance(data, dict) or not isinstance(data.get("kpis"), list):
        raise FrameworkFileError([f"{path}: expected 'framework' and a list of 'kpis'."])
    framework = Framework.objects.filter(slug=data.get("framework")).first()
    problems = [] if framework else [f"{path}: unknown framework {data.get('framework')!r}."]
    codes = (
        set(Criterion.objects.filter(framework=framework).values_list("code", flat=True))
        if framework
        else set()
    )
    seen: set[str] = set()
    for index, kpi in enumerate(data["kpis"], start=1):
        where = (
            f"{path}: KPI {index} ({kpi.get('code', 'no code') if isinstance(kpi, dict) else '?'})"
        )
        if not isinstance(kpi, dict):
            problems.append(f"{where}: not a mapping.")
            continue
        problems += [
            f"{where}: missing {name}."
            for name in ("code", "name", "definition", "unit", "direction", "frequency")
            if not kpi.get(name)
        ]
        problems += [f"{where}: unknown field {name!r}." for name in set(kpi) - FIELDS]
        for name, choices in (
            ("unit", Kpi.Unit),
            ("direction", Kpi.Direction),
            ("frequency", Kpi.Frequency),
        ):
            if kpi.get(name) and kpi[name] not in choices.values:
                problems.append(f"{where}: {name} must be one of {', '.join(choices.values)}.")
        try:
            Decimal(str(kpi.get("tolerance", 0)))
        except InvalidOperation:
            problems.append(f"{where}: tolerance must be a number.")
        problems += [
            f"{where}: unknown criterion {c!r}." for c in kpi.get("criteria", []) if c not in codes
        ]
        if kpi.get("code") in seen:
            problems.append(f"{where}: duplicate code.")
        seen.add(str(kpi.get("code")))
    if problems:
        raise FrameworkFileError(problems)
    data["framework"] = framework
    return data


@transaction.atomic
def kpis_load(*, data: dict) -> int:
    """Create or update each KPI of the file in its framework; returns how many."""
    framework = data["framework"]
    criteria = {c.code: c for c in framework.criteria.all()}
    for order, spec in enumerate(data["kpis"], start=1):
        kpi = Kpi.objects.filter(framework=framework, code=spec["code"]).first() or Kpi(
            framework=framework, code=spec["code"]
        )
        kpi.name = spec["name"]
        kpi.definition = spec["definition"]
        kpi.unit = spec["unit"]
        kpi.direction = spec["direction"]
        kpi.frequency = spec["frequency"]
        kpi.source = spec.get("source", "")
        kpi.tolerance = Decimal(str(spec.get("tolerance", 0)))
        kpi.order = order
        kpi.full_clean()
        kpi.save()
        kpi.criteria.set([criteria[code] for code in spec.get("criteria", [])])
    return len(data["kpis"])
