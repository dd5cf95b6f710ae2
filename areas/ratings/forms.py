"""The month page's forms: one row per criterion, the version guard, reopening."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from .rules import change_unexplained
from .services import RatingEntry

TEXTAREA = forms.Textarea(attrs={"rows": 2})


class RatingForm(forms.Form):
    """One criterion's row on the month page. The month page renders these by hand."""

    level = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    commentary = forms.CharField(required=False, widget=TEXTAREA, strip=True)
    next_steps = forms.CharField(required=False, widget=TEXTAREA, strip=True)
    evidence = forms.CharField(
        required=False,
        widget=TEXTAREA,
        help_text="Where the evidence is: documents, links, data.",
    )

    def __init__(self, *args, criterion, levels, previous, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.levels = {level.code: level for level in levels}
        self.previous = previous  # last month's Rating, or None
        self.current = current  # this month's Rating, or None
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.ChoiceField)
        level_field.choices = [(level.code, level.label) for level in levels]
        level_field.error_messages["invalid_choice"] = (
            f"{criterion.code}: choose one of {', '.join(lv.label for lv in levels)}"
        )

    def clean(self):
        data = super().clean() or {}
        code = data.get("level")
        if "level" in self.errors:
            return data
        level = self.levels.get(code) if code else None
        has_text = any(data.get(name) for name in ("commentary", "next_steps", "evidence"))
        if level is None and (has_text or self.current is not None):
            self.add_error("level", f"{self.criterion.code}: choose a level")
        if level is not None and change_unexplained(
            level_id=level.pk,
            previous_level_id=self.previous.level_id if self.previous else None,
            commentary=data.get("commentary", ""),
        ):
            self.add_error(
                "commentary",
                f"{self.criterion.code}: say why the level has changed from "
                f"{self.previous.level.label} to {level.label}",
            )
        data["level_obj"] = level
        return data

    def entry(self) -> RatingEntry:
        data = self.cleaned_data
        return RatingEntry(
            criterion=self.criterion,
            level=data["level_obj"],
            commentary=data["commentary"],
            next_steps=data["next_steps"],
            evidence=data["evidence"],
        )


class BaseRatingFormSet(forms.BaseFormSet):
    def __init__(self, *args, criteria, levels, previous, current, **kwargs):
        self.criteria = list(criteria)
        self.levels = levels
        self.previous = previous
        self.current = current
        kwargs.setdefault("initial", [self.initial_for(c) for c in self.criteria])
        super().__init__(*args, **kwargs)

    def initial_for(self, criterion):
        rating = self.current.get(criterion.pk)
        if rating is None:
            return {}
        return {
            "level": rating.level.code,
            "commentary": rating.commentary,
            "next_steps": rating.next_steps,
            "evidence": rating.evidence,
        }

    def get_form_kwargs(self, index):
        criterion = self.criteria[index]
        return {
            "criterion": criterion,
            "levels": self.levels,
            "previous": self.previous.get(criterion.pk),
            "current": self.current.get(criterion.pk),
        }

    def entries(self) -> list[RatingEntry]:
        return [form.entry() for form in self.forms]


def rating_formset_class(count: int):
    return forms.formset_factory(
        RatingForm,
        formset=BaseRatingFormSet,
        extra=0,
        min_num=count,
        max_num=count,
        absolute_max=count,
        validate_min=True,
        validate_max=True,
    )


class VersionForm(forms.Form):
    """The month's version when the page was loaded, to catch a stale save."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why is this month being reopened?",
        help_text="The board will see this reason in the month's history.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the month is being reopened"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.textarea("reason", label_size=Size.MEDIUM),
            Button("submit", "Reopen month", css_class="govuk-button--warning"),
        )
