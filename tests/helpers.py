from html.parser import HTMLParser

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
        for name, value in row.items():  # what the page was loaded with, as a browser sends it
            data[f"initial-form-{index}-{name}"] = value
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


class SentForm(HTMLParser):
    """What a browser sends when a page's form is submitted as shown: hidden and text
    inputs, checked radios and boxes, textareas, selected options (no button)."""

    def __init__(self, html: str, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self.textarea: str | None = None
        self.select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        elif not self.inside or not a.get("name") and tag != "option":
            return
        elif tag == "input" and (a.get("type") not in {"radio", "checkbox"} or "checked" in a):
            self.data.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self.textarea = a["name"]
            self.data.append((self.textarea, ""))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.data.append((self.select, a.get("value") or ""))

    def handle_data(self, data):
        if self.textarea:
            name, text = self.data.pop()
            self.data.append((name, text + data))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def as_dict(self) -> dict:
        return dict(self.data)


def statements(context) -> list[str]:
    """The SQL a CaptureQueriesContext saw, less the savepoints a test's own transaction
    adds around a request's (in production the request's transaction is BEGIN and
    COMMIT, which Django does not log)."""
    return [q["sql"] for q in context.captured_queries if "SAVEPOINT" not in q["sql"][:20]]
