"""The month page's rows (one criterion's form each), built in Python: 44 of them through
nested templates were two thirds of the page's time. The markup is GOV.UK's radios and
textareas, as the page's template wrote it (the page was compared whole on the national
data; tests/test_month_form_html.py checks escaping, labels, checked levels, errors)."""

import html

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TEXT_FIELDS = ["commentary", "next_steps", "evidence"]


def escape(text) -> str:
    """Django's escape without its lazy-text wrapper (a tenth of these rows' time)."""
    return html.escape(str(text))


PROVISIONAL = (
    ' <strong class="govuk-tag govuk-tag--yellow app-provisional">Provisional'
    '<span class="govuk-visually-hidden"> wording</span></strong>'
)


@register.simple_tag(takes_context=True)
def rating_row(context, row) -> SafeString:
    """A criterion's heading (when one starts here) and its form."""
    page = context.render_context.get("month_form_page")
    if page is None:  # once per page: the history link's address, escaped
        slug = context["area"].slug
        page = {"history": escape(reverse("ratings:criterion", args=[slug, "CODE"]))}
        context.render_context["month_form_page"] = page
    return mark_safe(  # noqa: S308 - every part escaped below
        subgroup_heading(row)
        + rating_form(
            row,
            row.form,
            history=page["history"].replace("CODE", escape(row.criterion.code)),
            had_previous=bool(context.get("previous")),
            carried=context.get("carried_sources") or {},
        )
    )


def provisional(item) -> str:
    return "" if item.confirmed else PROVISIONAL


def subgroup_heading(row) -> str:
    heading = row.new_heading
    if heading is None:
        return ""
    title = escape(heading.title)
    return f'<h3 class="govuk-heading-s app-subgroup-heading">{title}{provisional(heading)}</h3>'


def level_tag(level) -> str:
    if not level:
        return '<span class="app-level-none">Not rated</span>'
    return format_html(
        '<strong class="govuk-tag govuk-tag--{} app-level">{}</strong>', level.colour, level.label
    )


def rating_form(row, form, *, history: str, had_previous: bool, carried: dict) -> str:
    criterion = row.criterion
    code = escape(criterion.code)
    error_class = " app-rating--error" if form.errors else ""
    return "".join(
        [
            f'<div class="app-rating{error_class}" id="rating-{code}">',
            title(criterion),
            last_month(form, code, history, had_previous),
            carried_note(form, carried.get(criterion.pk)),
            str(form.loaded_values()),
            level_radios(form, code),
            '<div class="govuk-grid-row">',
            *(text_field(form[name], code) for name in TEXT_FIELDS),
            "</div>",
            reviewed_box(form, code),
            "</div>",
        ]
    )


def title(criterion) -> str:
    level = "4" if criterion.heading_id else "3"
    label, code = escape(criterion.label), escape(criterion.code)
    named = label if criterion.label == criterion.code else f"{label} ({code})"
    return (
        f'<h{level} class="govuk-heading-s app-rating__title"><span class="app-code">{named}'
        f"</span> {escape(criterion.text)}{provisional(criterion)}</h{level}>"
    )


def last_month(form, code: str, history: str, had_previous: bool) -> str:
    if form.previous:
        said = "Last month: " + level_tag(form.previous.level)
    elif had_previous:
        said = "Not rated last month"
    else:
        said = "First month against this framework"
    return (
        f'<p class="govuk-body-s app-rating__previous">{said} · <a class="govuk-link" '
        f'href="{history}">History<span class="govuk-visually-hidden"> of {code}</span></a></p>'
    )


def carried_note(form, codes) -> str:
    framework = form.carried_from
    if not framework:
        return ""
    sources = format_html(" ({}, the lowest of their levels)", ", ".join(codes)) if codes else ""
    return format_html(
        '<p class="govuk-body-s"><strong class="govuk-tag govuk-tag--purple app-carried">'
        "Carried from {} — review</strong> The level was carried over from {}{}. Change it, "
        "or tick below that you have reviewed it, and save.</p>",
        framework.year,
        framework.short_name,
        sources,
    )


def error_message(field) -> str:
    said = "".join(
        f'<span class="govuk-visually-hidden">Error:</span> {conditional_escape(e)}'
        for e in field.errors
    )
    return f'<p class="govuk-error-message" id="{field.auto_id}-error">{said}</p>'


def level_radios(form, code: str) -> str:
    field = form["level"]
    errors = bool(field.errors)
    chosen = str(field.value())
    name = escape(field.html_name)
    radios = []
    for position, (value, label) in enumerate(form.level_choices, start=1):
        radio_id = f"id_{name}_{position}"
        checked = " checked" if chosen == value else ""
        radios.append(
            f'<div class="govuk-radios__item"><input class="govuk-radios__input" id="{radio_id}" '
            f'name="{name}" type="radio" value="{escape(value)}"{checked}>'
            f'<label class="govuk-label govuk-radios__label" for="{radio_id}">{escape(label)}'
            "</label></div>"
        )
    described = f' aria-describedby="{field.auto_id}-error"' if errors else ""
    return (
        f'<div class="govuk-form-group{" govuk-form-group--error" if errors else ""}">'
        f'<fieldset class="govuk-fieldset"{described}>'
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Level'
        f'<span class="govuk-visually-hidden"> for {code}</span></legend>'
        f"{error_message(field) if errors else ''}"
        '<div class="govuk-radios govuk-radios--inline govuk-radios--small" '
        f'data-module="govuk-radios">{"".join(radios)}</div></fieldset></div>'
    )


def text_field(field, code: str) -> str:
    errors = bool(field.errors)
    value = field.value()
    described = f' aria-describedby="{field.auto_id}-error"' if errors else ""
    return (
        '<div class="govuk-grid-column-one-third">'
        f'<div class="govuk-form-group{" govuk-form-group--error" if errors else ""}">'
        f'<label class="govuk-label govuk-label--s" for="{field.auto_id}">{escape(field.label)}'
        f'<span class="govuk-visually-hidden"> for {code}</span></label>'
        f"{error_message(field) if errors else ''}"
        f'<textarea class="govuk-textarea{" govuk-textarea--error" if errors else ""}" '
        f'id="{field.auto_id}" name="{escape(field.html_name)}" rows="3"{described}>'
        f"{escape('' if value is None else value)}</textarea></div></div>"
    )


def reviewed_box(form, code: str) -> str:
    if not form.carried_from:
        return ""
    field = form["reviewed"]
    checked = " checked" if field.value() else ""
    return (
        '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
        '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" '
        f'id="{field.auto_id}" name="{escape(field.html_name)}" type="checkbox" value="on"'
        f'{checked}><label class="govuk-label govuk-checkboxes__label" for="{field.auto_id}">'
        "I have reviewed this level"
        f'<span class="govuk-visually-hidden"> for {code}</span></label></div></div>'
    )
