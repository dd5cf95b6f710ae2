"""Withdrawing a record: it is kept, with who withdrew it, when and why, and shown apart
from the records that stand; every count, status and document leaves it out.

Progress updates, findings, recommendation updates and self-evaluation points use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import models
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format

from .errors import Refused
from .models import EditedBy
from .querysets import AreaOwnedQuerySet
from .services import saved

# --- the model ------------------------------------------------------------------------


class Withdrawable(EditedBy):
    """A record that can be withdrawn rather than deleted."""

    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    withdrawn_reason = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawn_reason=""),
                name="%(app_label)s_%(class)s_withdrawn_says_why",
            ),
        ]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


# Rows that stand (not withdrawn), for lookups through a relation.
STANDING = models.Q(withdrawn_at__isnull=True)


class WithdrawableQuerySet(AreaOwnedQuerySet):
    def standing(self):
        return self.filter(STANDING)

    def withdrawn(self):
        return self.exclude(STANDING)


Record = TypeVar("Record", bound=Withdrawable)


def split_withdrawn(records: Iterable[Record]) -> tuple[list[Record], list[Record]]:
    """(the records that stand, those withdrawn), each in the order given: one query
    serves both parts of a page."""
    standing: list[Record] = []
    withdrawn: list[Record] = []
    for record in records:
        (withdrawn if record.is_withdrawn else standing).append(record)
    return standing, withdrawn


# --- services ---------------------------------------------------------------------------


def day(moment) -> str:
    """e.g. "3 March 2026", in the site's time zone."""
    return date_format(timezone.localdate(moment), "j F Y")


def still_standing(record: Record) -> Record:
    """The record read again and locked until the transaction ends, refused if it has been
    withdrawn: a correction saves every field, so one made from a page loaded before a
    withdrawal must not undo it (nor may two withdrawals overwrite each other's reason)."""
    locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if locked.withdrawn_at is not None:
        raise Refused(
            f"This {record._meta.verbose_name} was withdrawn on {day(locked.withdrawn_at)}: "
            "it cannot be corrected or withdrawn again. It is kept, under “Withdrawn”."
        )
    return locked


def withdrawn(record: Record, *, by, reason: str) -> Record:
    """Withdraw the record (in the caller's transaction): kept, naming who, when and why."""
    locked = still_standing(record)
    reason = reason.strip()
    if not reason:
        raise Refused("Enter why this is being withdrawn.")
    locked.withdrawn_at, locked.withdrawn_by, locked.withdrawn_reason = timezone.now(), by, reason
    return saved(locked, by=by)


# --- the page that asks why ------------------------------------------------------------------


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is this being withdrawn?",
        help_text="Everyone who can see it will see who withdrew it, when and why.",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why this is being withdrawn",
            "max_length": "Enter a reason of at most 2,000 characters",
        },
    )

    @property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.attrs = {"novalidate": ""}
        helper.layout = Layout(
            Field.textarea("reason", label_size=Size.MEDIUM, rows=4),
            Button.warning("submit", "Withdraw"),
        )
        return helper


def withdraw_page(
    request,
    membership,
    record: Withdrawable,
    *,
    what: str,
    withdraw: Callable[[str], object],
    back: tuple[str, str],
    nav: str,
    caption: str = "",
    entry: str = "",
):
    """Ask why, then `withdraw(reason)` and go `back`. `what` names the record in the
    title, e.g. "the progress update of 3 March 2026"; `entry` is the template that shows
    it (as `record`), the same one its page's "Withdrawn" section uses."""
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw(form.cleaned_data["reason"])
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Withdrawn: {what}. It is kept, under “Withdrawn”.")
            return redirect(back[1])
    title = f"Withdraw {what}"
    context = {"membership": membership, "area": membership.area, "nav": nav, "form": form}
    context |= {"title": title, "caption": caption, "back": back}
    context |= {"record": record, "entry": entry}
    return render(request, "withdrawal/withdraw.html", context)
