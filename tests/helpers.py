from areas.models import Assessment, Rating


def month_url(assessment: Assessment, suffix: str = "") -> str:
    return f"/areas/{assessment.area.slug}/months/{assessment.month:%Y-%m}/{suffix}"


def month_post_data(assessment: Assessment, changes: dict | None = None, version=None) -> dict:
    """The month form as the browser would post it, with `changes` by criterion code:
    {"A9": {"level": "amber", "commentary": "why"}}."""
    criteria = list(assessment.framework.criteria.order_by("order"))
    ratings = {
        r.criterion_id: r
        for r in Rating.objects.filter(assessment=assessment).select_related("level")
    }
    data = {
        "form-TOTAL_FORMS": str(len(criteria)),
        "form-INITIAL_FORMS": str(len(criteria)),
        "form-MIN_NUM_FORMS": str(len(criteria)),
        "form-MAX_NUM_FORMS": str(len(criteria)),
        "version": str(assessment.version if version is None else version),
    }
    for index, criterion in enumerate(criteria):
        rating = ratings.get(criterion.pk)
        row = {
            "level": rating.level.code if rating else "",
            "commentary": rating.commentary if rating else "",
            "next_steps": rating.next_steps if rating else "",
            "evidence": rating.evidence if rating else "",
        }
        row.update((changes or {}).get(criterion.code, {}))
        for name, value in row.items():
            if value is not None:
                data[f"form-{index}-{name}"] = value
    return data


def snapshot(assessment: Assessment) -> list[tuple]:
    """Everything a save could change, to assert that nothing did."""
    assessment.refresh_from_db()
    rows = Rating.objects.filter(assessment=assessment).order_by("criterion__order")
    return [
        (assessment.status, assessment.version),
        *rows.values_list("criterion__code", "level__code", "commentary", "next_steps", "evidence"),
    ]
