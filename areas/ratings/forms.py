"""The month page's forms: one row per criterion, the version guard, reopening."""

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from common.months import next_month, parse_month
from frameworks.models import Framework

from .rules import change_unexplained
from .services import RatingEntry

TEXTAREA = forms.Textarea(attrs={"rows": 2})
RATING_FIELDS = ["level", "commentary", "next_steps", "evidence"]


class Shared:
    """A field every form of the month uses as it is, not a copy: nothing about it
    differs from one criterion's form to the next and nothing changes it, and copying
    each of 44 forms' fields (widgets, messages, validators) was a sixth of the month
    page's time. Not for a field a form changes."""

    def __deepcopy__(self, memo):
        memo[id(self)] = self
        return self


class SharedCharField(Shared, forms.CharField):
    pass


class SharedBooleanField(Shared, forms.BooleanField):
    pass


class RatingForm(forms.Form):
    """One criterion's row on the month page. The month page renders these by hand.

    Each field also carries, hidden, the value the page was loaded with, so that what
    this user changed is known (`changed_data`) when a colleague saved in between."""

    # A level's code, checked against the framework's levels in `clean_level` (a choice
    # field of its own per form, its choices and message set, cost a tenth of the page).
    level = SharedCharField(required=False, widget=forms.RadioSelect, show_hidden_initial=True)
    commentary = SharedCharField(
        required=False, widget=TEXTAREA, strip=True, show_hidden_initial=True
    )
    next_steps = SharedCharField(
        required=False, widget=TEXTAREA, strip=True, show_hidden_initial=True
    )
    evidence = SharedCharField(
        required=False,
        widget=TEXTAREA,
        help_text="Where the evidence is: documents, links, data.",
        show_hidden_initial=True,
    )
    # Shown only on a level carried over from another framework: keeping it as it is
    # counts as reviewing it.
    reviewed = SharedBooleanField(required=False, label="I have reviewed this level")

    def __init__(self, *args, criterion, levels, previous, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.levels = {level.code: level for level in levels}
        self.previous = previous  # last month's level (selectors.LastMonth), or None
        self.current = current  # this month's Rating, or None
        if not getattr(current, "carried_from_id", None):
            del self.fields["reviewed"]  # nothing to review: a field less to clean

    @property
    def level_choices(self) -> list[tuple[str, str]]:
        return [(code, level.label) for code, level in self.levels.items()]

    def clean_level(self) -> str:
        code = self.cleaned_data["level"]
        if code and code not in self.levels:
            labels = ", ".join(level.label for level in self.levels.values())
            raise forms.ValidationError(f"{self.criterion.code}: choose one of {labels}")
        return code

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

    @property
    def carried_from(self):
        """The framework this row's level was carried over from, until reviewed."""
        return getattr(self.current, "carried_from", None)

    def loaded_values(self):
        """The hidden inputs holding what the page was loaded with."""
        return mark_safe("".join(hidden_initial(self[name]) for name in RATING_FIELDS))  # noqa: S308 - each part escaped

    def has_changed(self) -> bool:
        """As Django's, from the values sent and loaded directly: the formset asks it of
        every form, and through `changed_data` it was a tenth of a month save's time."""
        moved = any(self.sent(name) != self.loaded(name) for name in RATING_FIELDS)
        reviewed = self.fields.get("reviewed")
        if reviewed is None:
            return moved
        initial = self.get_initial_for_field(reviewed, "reviewed")
        return moved or reviewed.has_changed(initial, self["reviewed"].data)

    def sent(self, name: str) -> str:
        return (self.data.get(self.add_prefix(name)) or "").strip()

    def loaded(self, name: str) -> str:
        return (self.data.get(self.add_initial_prefix(name)) or "").strip()

    def entry(self) -> RatingEntry:
        data = self.cleaned_data
        return RatingEntry(
            criterion=self.criterion,
            level=data["level_obj"],
            commentary=data["commentary"],
            next_steps=data["next_steps"],
            evidence=data["evidence"],
            reviewed=bool(data.get("reviewed")),
        )


class SharedFields(dict):
    """A form's fields when every one is Shared: each form needs only a dict of its own
    (to leave a field out), not a copy of each field, which Django's deep copy makes
    through its memo for every field of every form."""

    def __deepcopy__(self, memo):
        return dict(self)


RatingForm.base_fields = SharedFields(RatingForm.base_fields)


def hidden_initial(bound) -> str:
    """`bound.as_hidden(only_initial=True)`, written out directly: four of these a
    criterion through the widget's template took a third of the month page's time, and
    through Django's attribute building still a sixth. The same value, name and
    attributes as Django's for these fields (none required or disabled; a help text
    described by: tests/test_performance_month_save.py compares them)."""
    data, name = bound.form.data, bound.html_initial_name
    value = data.get(name) if name in data else bound.value()  # as sent: the value loaded
    parts = [f'<input type="hidden" name="{escape(name)}"']
    if value is not None and value != "":
        parts.append(f' value="{escape(value)}"')
    if bound.field.help_text:
        parts.append(f' aria-describedby="{escape(bound.auto_id)}_helptext"')
    parts.append(f' id="{escape(bound.html_initial_id)}">')
    return "".join(parts)


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
            "label_suffix": "",  # the rows are written by hand: no label asks for one
        }

    def entries(self) -> list[RatingEntry]:
        return [form.entry() for form in self.forms]

    def rebased(self, current: dict, *, version: int) -> tuple["BaseRatingFormSet", "VersionForm"]:
        """This form as sent, moved onto `current` (what a colleague has saved since it
        was loaded): their values, with this user's own changes on top, and each field
        both changed differently marked. Saving it writes only what this user changed."""
        data: dict[str, Any] = dict(self.data.items())
        rebased = type(self)(
            data,
            criteria=self.criteria,
            levels=self.levels,
            previous=self.previous,
            current=current,
        )
        initial = list(rebased.initial or [])
        for form, now in zip(self.forms, initial, strict=True):
            for name in RATING_FIELDS:
                if name not in form.changed_data:
                    data[form.add_prefix(name)] = now.get(name, "")
        rebased.is_valid()  # shows the month's own rules on the merged values
        for form, fresh, now in zip(self.forms, rebased.forms, initial, strict=True):
            mark_clashes(form, fresh, now)
        return rebased, VersionForm({"version": version})


def mark_clashes(sent: RatingForm, fresh: RatingForm, now: Mapping[str, Any]) -> None:
    """Where this user and a colleague both changed a field, and differently, say so on
    the field: the user's value stays in the box, the colleague's is quoted."""
    rating = fresh.current
    who = rating.updated_by.get_username() if rating and rating.updated_by else "someone"
    for name in sent.changed_data:
        theirs = str(now.get(name, "")).strip()
        if theirs in (sent.loaded(name), sent.sent(name)):
            continue
        label = sent.fields[name].label or name
        shown = rating.level.label if name == "level" and rating else theirs
        fresh.add_error(
            name,
            f"{sent.criterion.code} {label.lower()}: {who} changed this while you were "
            f"editing, to “{Truncator(shown or 'nothing').chars(200)}”. Yours is shown: "
            "save to keep yours, or change it.",
        )


@functools.lru_cache(maxsize=64)  # a class for each number of criteria, made once
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


SWITCH_MONTHS = 12  # how far ahead a switch can be planned


class SwitchForm(forms.Form):
    """Choose the framework to move to and the first month rated against it: one of
    the months after the latest one started, so no month ever changes framework."""

    framework = forms.ModelChoiceField(
        queryset=Framework.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Framework to move to",
        error_messages={"required": "Choose the framework to move to"},
    )
    from_month = forms.TypedChoiceField(
        label="First month to rate against it",
        help_text="Earlier months stay on the framework they were rated against.",
        coerce=parse_month,
        error_messages={"required": "Choose the first month"},
    )

    def __init__(self, *args, area, first_month: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        framework = self.fields["framework"]
        assert isinstance(framework, forms.ModelChoiceField)
        framework.queryset = Framework.objects.exclude(pk=area.framework_id).order_by("-year")
        months = [first_month]
        while len(months) < SWITCH_MONTHS:
            months.append(next_month(months[-1]))
        month_field = self.fields["from_month"]
        assert isinstance(month_field, forms.ChoiceField)
        month_field.choices = [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in months]
        month_field.error_messages["invalid_choice"] = (
            f"Choose a month from {months[0]:%B %Y} to {months[-1]:%B %Y}"
        )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.radios("framework", legend_size=Size.MEDIUM),
            Field.select("from_month", label_size=Size.MEDIUM),
            Button("submit", "Switch framework"),
        )


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
