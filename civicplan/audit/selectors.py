"""The audit trail: every recorded change, newest first, for a plan, an organisation or a person.

Each kind's records (kinds.py) are read in its own query, newest first and no further back than
the page asked for needs, then merged; each change shown says who, when, what, and each field's
old and new value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

from civicplan.accounts.selectors import user_display_name

from .kinds import BY_KEY, KINDS, Kind, Source

PER_PAGE = 50
# Fields a history copies that say nothing about what changed.
_QUIET = {"id", "created_by", "created_at", "updated_at", "history_id", "history_date", "history_user",
          "history_type", "history_change_reason", "is_sample", "position", "order", "depth"}
_ACTIONS = {"+": "added", "~": "changed", "-": "removed"}


@dataclass
class FieldChange:
    name: str
    old: str
    new: str


@dataclass
class Change:
    when: dt.datetime
    kind: Kind
    action: str
    what: str
    who: object = None  # a user, or None (the system, or someone signed out)
    who_name: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    note: str = ""


@dataclass
class ChangePage:
    changes: list[Change]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class Scope:
    plan_id: int | None = None
    organisation_id: int | None = None
    user: object = None
    kind: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def _history_model(model):
    return model.history.model


def _queryset(kind: Kind, source: Source, scope: Scope):
    """The records of one source in scope, newest first, or None when the scope excludes it."""
    if scope.plan_id is not None and not source.plan:
        return None
    if scope.organisation_id is not None and not source.organisation and kind.style in ("history", "rows"):
        return None
    if kind.style == "history":
        qs, when = _history_model(source.model).objects.all(), "history_date"
        if scope.user is not None:
            qs = qs.filter(history_user=scope.user)
        qs = qs.select_related("history_user")
    elif kind.style == "rows":
        qs, when = source.model.objects.all(), kind.when
        if scope.user is not None:
            qs = qs.filter(**{kind.who: scope.user})
        qs = qs.select_related(kind.who)
    elif kind.style == "events":
        if scope.plan_id is not None or scope.organisation_id is not None:
            return None
        qs, when = source.model.objects.filter(kind__in=kind.events).select_related("actor", "subject"), kind.when
        if scope.user is not None:
            qs = qs.filter(Q(actor=scope.user) | Q(subject=scope.user))
    else:  # sign-ins belong to an account, not to a plan or organisation
        if scope.plan_id is not None or scope.organisation_id is not None:
            return None
        qs, when = source.model.objects.all(), kind.when
        if scope.user is not None:
            qs = qs.filter(username=scope.user.get_username())
    if scope.plan_id is not None:
        qs = qs.filter(**{source.plan: scope.plan_id})
    if scope.organisation_id is not None and source.organisation:
        qs = qs.filter(**{source.organisation: scope.organisation_id})
    if scope.since:
        qs = qs.filter(**{f"{when}__date__gte": scope.since})
    if scope.until:
        qs = qs.filter(**{f"{when}__date__lte": scope.until})
    return qs.order_by(f"-{when}"), when


def changes(scope: Scope, *, page: int = 1, per_page: int = PER_PAGE) -> ChangePage:
    """One page of the changes in scope, newest first, with the total for paging."""
    kinds = [BY_KEY[scope.kind]] if scope.kind in BY_KEY else KINDS
    found, total, need = [], 0, page * per_page
    for kind in kinds:
        for source in kind.sources:
            made = _queryset(kind, source, scope)
            if made is None:
                continue
            qs, when = made
            total += qs.count()
            found.extend((getattr(record, when), kind, record) for record in qs[:need])
    found.sort(key=lambda item: item[0], reverse=True)
    pages = max(1, -(-total // per_page))
    chosen = found[(page - 1) * per_page: page * per_page]
    return ChangePage(changes=[_change(kind, record) for _, kind, record in chosen], total=total,
                      page=page, pages=pages)


def _name(user) -> str:
    return user_display_name(user) if user is not None else ""


def _value(model, name: str, value) -> str:
    """A field's value as people read it: names for links to other records, words for choices."""
    if value is None or value == "":
        return "–"
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if model_field.is_relation and model_field.many_to_one:
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related is not None else f"#{value} (since removed)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (list, dict)):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    text = str(value)
    return text if len(text) <= 400 else text[:400] + "…"


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return name.replace("_", " ").capitalize()


def _groups(rows) -> str:
    ids = [row["group"] for row in rows or [] if isinstance(row, dict) and "group" in row]
    return ", ".join(sorted(Group.objects.filter(pk__in=ids).values_list("name", flat=True))) or "none"


def _history_change(kind: Kind, record) -> Change:
    model = record.instance_type
    try:
        what = str(record.instance)
    except Exception:  # noqa: BLE001 - a record whose related rows have gone still shows
        what = f"{model._meta.verbose_name} #{record.pk}"
    fields: list[FieldChange] = []
    if record.history_type == "~":
        previous = record.prev_record
        if previous is not None:
            delta = record.diff_against(previous)
            for item in delta.changes:
                if item.field in _QUIET:
                    continue
                if item.field == "groups":
                    fields.append(FieldChange("CivicPlan roles", _groups(item.old), _groups(item.new)))
                else:
                    fields.append(FieldChange(_label(model, item.field), _value(model, item.field, item.old),
                                              _value(model, item.field, item.new)))
    elif record.history_type == "+":
        for model_field in model._meta.concrete_fields:
            name = model_field.attname if model_field.is_relation else model_field.name
            key = model_field.name
            if key in _QUIET or name in _QUIET:
                continue
            value = getattr(record, name, None)
            if value not in (None, "", [], {}) and value is not False:
                fields.append(FieldChange(_label(model, key), "", _value(model, key, value)))
    if model is get_user_model():
        what = f"Account {record.username}"
    return Change(when=record.history_date, kind=kind, action=_ACTIONS.get(record.history_type, "changed"),
                  what=what, who=record.history_user, who_name=_name(record.history_user),
                  fields=fields, note=record.history_change_reason or "")


def _change(kind: Kind, record) -> Change:
    if kind.style == "history":
        return _history_change(kind, record)
    if kind.style == "rows":
        who = getattr(record, kind.who)
        if kind.key == "decision":
            what = f"{record.plan.title}: {record.get_from_status_display()} to {record.get_to_status_display()}"
            fields = [FieldChange("Outcome", "", record.get_outcome_display()),
                      FieldChange("Decided on", "", f"{record.decided_on:%-d %B %Y}")]
            if record.meeting_id:
                fields.append(FieldChange("Meeting", "", str(record.meeting)))
        else:
            what = f"{record.plan.title}: baseline adopted on {record.adopted_on:%-d %B %Y}"
            fields = []
        return Change(when=getattr(record, kind.when), kind=kind, action="recorded", what=what, who=who,
                      who_name=_name(who), fields=fields)
    if kind.style == "events":
        subject = _name(record.subject) or "an account since removed"
        return Change(when=record.at, kind=kind, action=record.get_kind_display().lower(),
                      what=f"{record.get_kind_display()} for {subject}", who=record.actor,
                      who_name=_name(record.actor), note=record.detail)
    failed = not hasattr(record, "logout_time")
    if failed:
        what = f"Failed sign-in as {record.username or 'no name given'}" + (" (locked out)" if record.locked_out else "")
    else:
        what = f"Signed in as {record.username}"
    address = getattr(record, "ip_address", "") or "unknown address"
    return Change(when=record.attempt_time, kind=kind, action="failed" if failed else "signed in",
                  what=what, who_name=record.username or "", note=f"from {address}")

