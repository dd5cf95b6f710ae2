"""Writes to months and ratings. Views and commands call these; nothing else saves."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from areas.members.models import FrameworkSwitch, LocalArea, framework_in_force
from areas.members.selectors import framework_for_month
from common.bulk import updated_from_values
from common.errors import Refused
from common.history import CHANGED, CREATED, DELETED, history_copied
from common.months import next_month, this_month
from common.services import attribute_to, saved, validated_save
from frameworks.models import Criterion, Framework, RatingLevel
from frameworks.selectors import mapped_from

from .models import AgreedRating, Agreement, Assessment, Rating, Reopening
from .rules import change_unexplained


class StaleSave(Refused):
    def __init__(self, message: str, *, current_version: int):
        super().__init__(message)
        self.current_version = current_version


LINKS = ["assessment", "criterion", "level", "updated_by"]


@dataclass(frozen=True)
class RatingEntry:
    criterion: Criterion
    level: RatingLevel | None
    commentary: str = ""
    next_steps: str = ""
    evidence: str = ""
    reviewed: bool = False  # a carried level was looked at and kept

    def differs_from(self, rating: Rating | None) -> list[str]:
        """The names of what this entry would change in `rating`."""
        if rating is None:
            return ["level"] if self.level is not None else []
        changes = []
        if self.level is None or self.level.pk != rating.level_id:
            changes.append("level")
        elif self.reviewed and rating.carried_from_id:
            changes.append("review")
        for name in ("commentary", "next_steps", "evidence"):
            if getattr(self, name) != getattr(rating, name):
                changes.append(name.replace("_", " "))
        return changes


@transaction.atomic
def month_start(
    *, area: LocalArea, by, today: dt.date | None = None, expected: dt.date | None = None
) -> Assessment:
    """Open the month after the latest one, starting from its levels and next steps; the
    first month on a new framework starts from the levels the mapping carries over.
    `expected`: the month the person was asked to confirm; any other is refused (a second
    tab's confirmation, sent after the first started it, must not start the month after)."""
    latest = Assessment.objects.for_area(area).select_for_update().order_by("-month").first()
    month = next_month(latest.month) if latest else this_month(today)
    if expected is not None and month != expected:
        raise Refused(f"{expected:%B %Y} had already been started, so nothing new was started.")
    return month_open(area=area, month=month, by=by, today=today, copy_from=latest)


@transaction.atomic
def month_open(
    *,
    area: LocalArea,
    month: dt.date,
    by,
    today: dt.date | None = None,
    copy_from: Assessment | None = None,
) -> Assessment:
    """Open `month` for rating against the framework in force then, with `copy_from`'s
    levels and next steps if given (carried through the mapping if on another one)."""
    if month > this_month(today):
        raise Refused(f"{month:%B %Y} has not started yet, so it cannot be rated.")
    if Assessment.objects.for_area(area).filter(month=month):
        raise Refused(f"{month:%B %Y} has already been started.")
    assessment = Assessment(area=area, framework_id=framework_for_month(area, month), month=month)
    saved(assessment, by=by)
    if copy_from is None:
        return assessment
    if copy_from.framework_id == assessment.framework_id:
        ratings = copied_ratings(copy_from, assessment, by)
    else:
        ratings = carried_ratings(carried_source(copy_from), assessment, by)
    bulk_create_with_history(ratings, Rating, default_user=by)
    return assessment


@transaction.atomic
def months_create(
    *, area: LocalArea, months: dict[dt.date, list[RatingEntry]], by, today=None
) -> int:
    """Open several months nobody has started, each with its ratings already saved — an
    area's earlier tracker imported — under month_open's and month_save's rules, written
    in bulk (a query per table, not per month). Returns how many ratings were written."""
    if not months:
        return 0
    refuse_unopenable(area, list(months), today)
    switches = list(FrameworkSwitch.objects.filter(area=area))
    opened = [
        Assessment(
            area=area,
            framework_id=framework_in_force(area, month, switches),
            month=month,
            version=1,  # as after month_open and one save
            updated_by=by,
        )
        for month in sorted(months)
    ]
    for assessment in opened:  # the links and the database's own checks hold by construction
        assessment.full_clean(
            exclude=["area", "framework", "updated_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    opened = bulk_create_with_history(opened, Assessment, default_user=by)
    ratings = []
    for assessment in opened:
        entries = months[assessment.month]
        new, _, _ = planned_changes(assessment, entries, version=1, by=by, new_month=True)
        ratings += new
    bulk_create_with_history(ratings, Rating, default_user=by)
    return len(ratings)


def refuse_unopenable(area: LocalArea, months: list[dt.date], today) -> None:
    if any(month.day != 1 for month in months):
        raise Refused("A month is given by its first day.")
    future = [m for m in months if m > this_month(today)]
    if future:
        raise Refused(f"{future[0]:%B %Y} has not started yet, so it cannot be rated.")
    started = Assessment.objects.for_area(area).filter(month__in=months).order_by("month").first()
    if started is not None:
        raise Refused(f"{started.month:%B %Y} has already been started.")


def copied_ratings(source: Assessment, assessment: Assessment, by) -> list[Rating]:
    return [
        Rating(
            assessment=assessment,
            criterion_id=rating.criterion_id,
            level_id=rating.level_id,
            next_steps=rating.next_steps,
            carried_from_id=rating.carried_from_id,
            updated_by=by,
        )
        for rating in source.ratings.all()
    ]


def carried_source(latest: Assessment) -> Assessment:
    """The month a new framework's levels are carried from: the latest agreed month of
    the old framework, or its latest month if none was agreed."""
    agreed = (
        Assessment.objects.filter(
            area_id=latest.area_id, framework_id=latest.framework_id, status="agreed"
        )
        .order_by("-month")
        .first()
    )
    return agreed or latest


def carried_ratings(source: Assessment, assessment: Assessment, by) -> list[Rating]:
    """For each criterion of the new framework that the mapping links to criteria of the
    old one: the lowest of their levels in `source`, marked as carried. A criterion the
    mapping links to nothing is left unrated."""
    old_levels = dict(source.ratings.values_list("criterion_id", "level_id"))
    levels = RatingLevel.objects.filter(
        framework_id__in=[source.framework_id, assessment.framework_id]
    )
    new_level = level_translation(list(levels), source.framework_id, assessment.framework_id)
    carried: dict[int, RatingLevel] = {}
    for to_id, from_ids in mapped_from(assessment.framework_id, source.framework_id).items():
        found = [new_level[old_levels[pk]] for pk in from_ids if old_levels.get(pk) in new_level]
        if found:
            carried[to_id] = min(found, key=lambda level: level.order)
    return [
        Rating(
            assessment=assessment,
            criterion_id=criterion_id,
            level=level,
            carried_from_id=source.framework_id,
            updated_by=by,
        )
        for criterion_id, level in carried.items()
    ]


def level_translation(levels: list[RatingLevel], old: int, new: int) -> dict[int, RatingLevel]:
    """Each old level's id → the new framework's level with the same code, or else at the
    same place on the scale (the worst to the worst, and so on)."""
    old_levels = sorted((lv for lv in levels if lv.framework_id == old), key=lambda lv: lv.order)
    new_levels = sorted((lv for lv in levels if lv.framework_id == new), key=lambda lv: lv.order)
    by_code = {lv.code: lv for lv in new_levels}
    if not new_levels:
        return {}
    return {
        lv.pk: by_code.get(lv.code) or new_levels[min(i, len(new_levels) - 1)]
        for i, lv in enumerate(old_levels)
    }


@transaction.atomic
def framework_switch(
    *, area: LocalArea, to_framework: Framework, from_month: dt.date, by
) -> FrameworkSwitch:
    """Rate the area against `to_framework` from `from_month` on. Months already started
    keep their framework, so the month must come after all of them."""
    locked = LocalArea.objects.select_for_update().get(pk=area.pk)
    if to_framework.pk == locked.framework_id:
        raise Refused(f"{locked.name} is already rated against {to_framework}.")
    if from_month.day != 1:
        raise Refused("Choose a month.")
    latest = Assessment.objects.for_area(locked).order_by("-month").first()
    if latest is not None and from_month <= latest.month:
        raise Refused(
            f"{latest.month:%B %Y} has already been started against {locked.framework}, so "
            f"the switch can only start from {next_month(latest.month):%B %Y} or later."
        )
    if FrameworkSwitch.objects.filter(area=locked, from_month__gte=from_month).exists():
        raise Refused(f"A switch from {from_month:%B %Y} or later is already planned.")
    switch = FrameworkSwitch(
        area=locked,
        from_framework_id=locked.framework_id,
        to_framework=to_framework,
        from_month=from_month,
    )
    validated_save(switch, by=by)
    locked.framework = to_framework
    validated_save(locked, by=by)
    return switch


def describe_conflicts(
    assessment: Assessment, since_version: int, entries, *, refused: str = "saved"
) -> str:
    """Why a save (or an agreement) from `since_version` is refused: who changed what."""
    entry_for = {entry.criterion.pk: entry for entry in entries}
    changed = (
        assessment.ratings.filter(saved_in_version__gt=since_version)
        .select_related("criterion", "level", "updated_by")
        .order_by("criterion__order")
    )
    parts = []
    for rating in changed:
        entry = entry_for.get(rating.criterion_id)
        what = entry.differs_from(rating) if entry else ["level"]
        detail = f"level now {rating.level.label}" if "level" in what else ", ".join(what)
        who = rating.updated_by.get_username() if rating.updated_by else "someone"
        when = timezone.localtime(rating.updated_at).strftime("%H:%M")
        parts.append(f"{rating.criterion.code} ({detail or 'saved'}) by {who} at {when}")
    changes = "; ".join(parts) if parts else "ratings were removed"
    if refused == "agreed":
        return (
            f"Not agreed: someone else saved this month after you opened it. They changed "
            f"{changes}. Check the latest ratings below before agreeing."
        )
    return (
        f"Not saved: someone else saved this month after you opened it. They changed {changes}. "
        "Nothing of yours has been saved yet. The form now shows their ratings with your "
        "changes on top; where you both changed the same thing it is marked. Check it and "
        "save again."
    )


def month_save(
    *, assessment: Assessment, entries: list[RatingEntry], loaded_version: int, by, read=None
) -> int:
    """Save a month's ratings from the version the user loaded. Returns how many changed.

    `read`: the month's ratings by criterion as the caller read them, with `assessment`,
    after the page it posts was loaded. They are used only if the month is still at the
    version loaded, which proves them current: every change to a month's ratings moves
    its version, under the month's lock.

    The save joins the caller's transaction (a form post runs in one) rather than
    nesting a savepoint in it: each refusal is decided before anything is written and
    raised after the block, so the caller's transaction stays usable after one."""
    if read is not None and assessment.version == loaded_version and not assessment.is_agreed:
        saved = _saved_if_unchanged(assessment, entries, by=by, read=read)
        if saved is not None:
            return saved
    with transaction.atomic(savepoint=False):
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        try:
            refuse_unsaveable(locked, loaded_version, entries)
            version = locked.version + 1
            planned = planned_changes(locked, entries, version=version, by=by)
        except Refused as refused:
            refusal = refused
        else:
            return save_planned(locked, *planned, version=version, by=by)
    raise refusal


def _saved_if_unchanged(assessment: Assessment, entries, *, by, read) -> int | None:
    """The usual case, in one statement fewer: a draft month nobody has saved since
    `read`. One conditional UPDATE both takes the month's lock and proves it unchanged;
    None (nothing written) if it had changed, for the locked path to say how."""
    version = assessment.version + 1
    planned = planned_changes(assessment, entries, version=version, by=by, existing=read)
    if not any(planned):
        return 0
    with transaction.atomic(savepoint=False):
        now = timezone.now()
        still_as_read = Assessment.objects.filter(
            pk=assessment.pk, version=assessment.version, status=Assessment.Status.DRAFT
        ).update(version=version, updated_at=now)
        if not still_as_read:
            return None
        changed = write_ratings(*planned, month=assessment, by=by, now=now)
        assessment.version, assessment.updated_at = version, now
        history_copied(Assessment, [assessment.pk], change=CHANGED, by=by, when=now)
    return changed


def refuse_unsaveable(locked: Assessment, loaded_version: int, entries) -> None:
    if locked.is_agreed:
        raise Refused(
            f"{locked.month:%B %Y} has been agreed, so it is read-only. A lead can reopen it."
        )
    if locked.version != loaded_version:
        raise StaleSave(
            describe_conflicts(locked, loaded_version, entries), current_version=locked.version
        )


def save_planned(locked: Assessment, to_create, to_update, to_delete, *, version: int, by) -> int:
    changed = write_ratings(to_create, to_update, to_delete, month=locked, by=by)
    if changed:
        locked.version = version
        attribute_to(locked, by)
        locked.save(update_fields=["version", "updated_at"])
    return changed


def write_ratings(to_create, to_update, to_delete, *, month: Assessment, by, now=None) -> int:
    """Write planned rating changes of `month` (locked), each into the history too, in
    two statements a kind whatever their number, at `now` (the save's moment). Returns
    how many."""
    now = now or timezone.now()
    for rating in to_update:
        rating.updated_at = now
    history = {"by": by, "when": now}
    Rating.objects.bulk_create(to_create)
    history_copied(Rating, [rating.pk for rating in to_create], change=CREATED, **history)
    changed = [*RATING_TEXT, "level", "updated_at", "updated_by", "carried_from"]
    updated_from_values(Rating, to_update, changed, within={"assessment": month.pk})
    history_copied(Rating, [rating.pk for rating in to_update], change=CHANGED, **history)
    if to_delete:
        removed = Rating.objects.filter(pk__in=to_delete)
        history_copied(Rating, to_delete, change=DELETED, **history)
        # Without Django's delete(), which reads the ratings back to send each one's
        # signal (a history row each): two statements for any number, history first.
        removed._raw_delete(removed.db)
    return len(to_create) + len(to_update) + len(to_delete)


RATING_TEXT = ["commentary", "next_steps", "evidence", "saved_in_version"]


def planned_changes(
    locked: Assessment,
    entries: list[RatingEntry],
    *,
    version: int,
    by,
    new_month=False,
    existing: dict[int, Rating] | None = None,
):
    """The ratings to create, to update and (by id) to delete for `entries` (a month
    just opened has none to read; `existing`: the month's ratings, already read)."""
    if existing is None:
        existing = {} if new_month else {r.criterion_id: r for r in locked.ratings.all()}
    to_create: list[Rating] = []
    to_update: list[Rating] = []
    to_delete: list[int] = []
    for entry in entries:
        if entry.level is not None and entry.level.framework_id != locked.framework_id:
            raise Refused(f"{entry.level} is not a level of this month's framework.")
        if entry.criterion.framework_id != locked.framework_id:
            raise Refused(f"{entry.criterion.code} is not a criterion of this month's framework.")
        rating = existing.get(entry.criterion.pk)
        if not entry.differs_from(rating):
            continue
        if entry.level is None:
            if rating is not None:
                to_delete.append(rating.pk)
            continue
        # A copy: `existing` may be what a page read and shows again if the save fails.
        rating = (
            copy.copy(rating) if rating else Rating(assessment=locked, criterion=entry.criterion)
        )
        rating.level, rating.updated_by, rating.saved_in_version = entry.level, by, version
        rating.commentary, rating.next_steps = entry.commentary, entry.next_steps
        rating.evidence = entry.evidence
        rating.carried_from = None  # saved by someone: no longer just carried over
        # The links were checked above (level in this framework, the month locked);
        # checking each again would cost a query per rating and link.
        rating.full_clean(exclude=LINKS, validate_unique=False, validate_constraints=False)
        (to_update if rating.pk else to_create).append(rating)
    return to_create, to_update, to_delete


@transaction.atomic
def month_agree(
    *, assessment: Assessment, by, loaded_version: int | None = None, at=None
) -> Assessment:
    """Agree the month as the lead saw it (`loaded_version`; refused, naming what changed,
    if someone saved since) and keep a copy of what was agreed. `at` records a past
    agreement."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_agreed:
        raise Refused(f"{locked.month:%B %Y} is already agreed.")
    if loaded_version is not None and locked.version != loaded_version:
        raise StaleSave(
            describe_conflicts(locked, loaded_version, [], refused="agreed"),
            current_version=locked.version,
        )
    ratings = list(locked.ratings.select_related("criterion"))
    refuse_unrated(locked, {rating.criterion_id for rating in ratings})
    refuse_unreviewed(locked, ratings)
    refuse_unexplained(locked, ratings)
    locked.status = Assessment.Status.AGREED
    locked.agreed_by = by
    locked.agreed_at = at or timezone.now()
    locked.version += 1
    saved(locked, by=by)
    keep_what_was_agreed(locked, ratings)
    return locked


def refuse_unrated(month: Assessment, rated: set[int]) -> None:
    unrated = [
        code
        for pk, code in Criterion.objects.filter(framework_id=month.framework_id)
        .order_by("order")
        .values_list("pk", "code")
        if pk not in rated
    ]
    if unrated:
        raise Refused(
            f"{month.month:%B %Y} cannot be agreed: {len(unrated)} criteria have no level "
            f"({', '.join(unrated[:10])}{'…' if len(unrated) > 10 else ''})."
        )


def refuse_unreviewed(month: Assessment, ratings: list[Rating]) -> None:
    """Levels carried over from another framework are a starting point: each must be
    looked at before the month can be agreed."""
    carried = [
        r.criterion.code
        for r in sorted(ratings, key=lambda r: r.criterion.order)
        if r.carried_from_id
    ]
    if carried:
        raise Refused(
            f"{month.month:%B %Y} cannot be agreed: {len(carried)} levels carried over from "
            f"the earlier framework have not been reviewed ({', '.join(carried)}). Change "
            "each one, or tick that you have reviewed it, and save."
        )


def refuse_unexplained(month: Assessment, ratings: list[Rating]) -> None:
    """The month form's rule, for the whole month: a changed level needs a commentary."""
    previous = (
        Assessment.objects.for_area(month.area)
        .filter(framework_id=month.framework_id, month__lt=month.month)
        .order_by("-month")
        .first()
    )
    if previous is None:
        return
    before = dict(previous.ratings.values_list("criterion_id", "level_id"))
    codes = [
        rating.criterion.code
        for rating in sorted(ratings, key=lambda r: r.criterion.order)
        if change_unexplained(
            level_id=rating.level_id,
            previous_level_id=before.get(rating.criterion_id),
            commentary=rating.commentary,
        )
    ]
    if codes:
        raise Refused(
            f"{month.month:%B %Y} cannot be agreed: say why the level has changed since "
            f"{previous.month:%B %Y} for {', '.join(codes)}."
        )


def keep_what_was_agreed(month: Assessment, ratings: list[Rating]) -> Agreement:
    agreement = Agreement.objects.create(
        assessment=month,
        number=month.agreements.count() + 1,
        agreed_by=month.agreed_by,
        agreed_at=month.agreed_at or timezone.now(),
        version=month.version,
    )
    AgreedRating.objects.bulk_create(
        AgreedRating(
            agreement=agreement,
            criterion_id=rating.criterion_id,
            level_id=rating.level_id,
            commentary=rating.commentary,
            next_steps=rating.next_steps,
            evidence=rating.evidence,
        )
        for rating in ratings
    )
    return agreement


@transaction.atomic
def month_reopen(*, assessment: Assessment, by, reason: str) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_agreed:
        raise Refused(f"{locked.month:%B %Y} is not agreed, so there is nothing to reopen.")
    if not reason.strip():
        raise Refused("Say why the month is being reopened.")
    validated_save(Reopening(assessment=locked, reopened_by=by, reason=reason.strip()), by=by)
    locked.status = Assessment.Status.DRAFT
    locked.agreed_by = None
    locked.agreed_at = None
    locked.version += 1
    saved(locked, by=by)
    return locked


@transaction.atomic
def month_delete(*, assessment: Assessment, by) -> None:
    """Delete a month started by mistake: the latest month, a draft nobody has saved or
    agreed since it was started. Its copied ratings go, each kept in the history."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    name = f"{locked.month:%B %Y}"
    if not locked.is_untouched:
        raise Refused(
            f"{name} has been saved or agreed since it was started, so it is part of the "
            "record and cannot be deleted. Correct its ratings instead."
        )
    if Assessment.objects.for_area(locked.area).filter(month__gt=locked.month).exists():
        raise Refused(f"Only the latest month can be deleted, and {name} is not the latest.")
    for rating in locked.ratings.all():
        attribute_to(rating, by)
        rating.delete()
    attribute_to(locked, by)
    locked.delete()
