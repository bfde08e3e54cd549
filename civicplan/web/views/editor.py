"""The plan editor: plan managers add, edit, move and remove elements and set owners in bulk.

Before adoption edits are made at once; from adoption on the same forms make change requests
(re-scope, re-date, add, drop) for a plan manager to approve, and the page says so. Every
write goes through a service in `plans/services.py` or `governance/services.py`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from civicplan.accounts.selectors import user_names
from civicplan.core.forms import errors_to_form
from civicplan.core.permissions import plan_manager_required
from civicplan.governance.models import ChangeRequest
from civicplan.governance.services import change_request_submit
from civicplan.plans.models import Element, FrameworkLevel
from civicplan.plans.selectors import element_history, plan_children, plan_edits_through_changes, with_descendants
from civicplan.standing.changes import dropped_element_ids
from civicplan.plans.services import (
    element_insert,
    element_move,
    element_owners_set,
    element_remove,
    element_update,
    elements_bulk_update,
)

from ..forms import TOP, BulkForm, ElementEditForm, ElementOwnersForm, ElementRemoveForm
from .common import visible_plan

CHANGES_NOTE = "Changes requested. A plan manager will approve or reject them on the plan's changes page."


def _editor_url(plan, element=None) -> str:
    url = reverse("web:plan-edit", args=[plan.slug])
    return f"{url}#row-{element.key}" if element is not None else url


def _element(plan, key: str) -> Element:
    return get_object_or_404(Element.objects.select_related("parent", "owner_person", "plan__organisation"),
                             plan=plan, key=key)


def _elements(plan) -> list[Element]:
    return list(Element.objects.filter(plan=plan).select_related("owner_person", "deputy_person", "team")
                .order_by("position"))


@plan_manager_required
def plan_edit(request, slug: str):
    """The element tree with checkboxes for bulk changes and, per element, move, edit, add and remove."""
    plan = visible_plan(request, slug)
    elements = _elements(plan)
    levels = list(FrameworkLevel.objects.filter(plan=plan).order_by("order"))
    people = list(plan.organisation.people.order_by("name"))
    adopted = plan_edits_through_changes(plan=plan)
    form = BulkForm(request.POST if request.method == "POST" else None, elements=elements, people=people, levels=levels, prefix="bulk")
    if adopted:  # only owners are set directly once the plan is adopted
        form.fields["action"].choices = [("owner", "Set their owner")]
    if request.method == "POST" and request.POST.get("move"):
        key, _, direction = request.POST["move"].rpartition(":")
        element = _element(plan, key)
        try:
            element_move(element=element, user=request.user, direction=direction)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Moved “{element.title[:60]}” {direction}.")
        return redirect(_editor_url(plan, element))
    if request.method == "POST" and form.is_valid():
        try:
            count = elements_bulk_update(plan=plan, user=request.user, elements=form.selected(), **form.changes())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"Changed {count} element{'s' if count != 1 else ''}.")
            return redirect(_editor_url(plan))
    names = {level.kind: level.name for level in levels}
    return render(request, "web/plan_edit.html", {
        "plan": plan, "elements": elements, "form": form, "adopted": adopted, "level_names": names,
        "selected": set(form.data.getlist("bulk-elements")) if form.is_bound else set(),
        "dropped": dropped_element_ids(plan=plan) if adopted else set(),
    }, status=400 if form.errors else 200)


def _parent_choices(plan, element=None) -> list[Element]:
    elements = list(Element.objects.filter(plan=plan).order_by("position"))
    if element is None:
        return elements
    excluded = with_descendants({element.id}, plan_children(plan=plan))
    return [e for e in elements if e.id not in excluded]


@plan_manager_required
def element_edit(request, slug: str, key: str):
    plan = visible_plan(request, slug)
    element = _element(plan, key)
    adopted = plan_edits_through_changes(plan=plan)
    levels = list(FrameworkLevel.objects.filter(plan=plan).order_by("order"))
    action = request.POST.get("form") if request.method == "POST" else None
    initial = {"title": element.title, "label": element.label, "kind": element.kind, "text": element.text,
               "parent": str(element.parent_id) if element.parent_id else TOP, "date_text": element.date_text}
    form = ElementEditForm(request.POST if action == "element" else None, initial=initial, levels=levels,
                           parents=_parent_choices(plan, element), adopted=adopted, prefix="el")
    owners = ElementOwnersForm(request.POST if action == "owners" else None, organisation=plan.organisation,
                               prefix="own", initial={"owner_person": element.owner_person_id,
                                                      "deputy_person": element.deputy_person_id, "team": element.team_id})
    if action == "element" and form.is_valid():
        data = form.cleaned_data
        try:
            if adopted:
                made = _changes_request(plan=plan, element=element, data=data, user=request.user)
            else:
                element_update(element=element, user=request.user, title=data["title"], text=data["text"],
                               label=data["label"], kind=data["kind"], parent=data["parent"], date_text=data["date_text"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            if adopted:
                messages.success(request, CHANGES_NOTE if made else "Nothing changed: the words and target date are as they were.")
            else:
                messages.success(request, f"Saved “{data['title'][:60]}”.")
            return redirect(_editor_url(plan, element))
    if action == "owners" and owners.is_valid():
        try:
            element_owners_set(element=element, user=request.user, **owners.cleaned_data)
        except ValidationError as exc:
            errors_to_form(owners, exc)
        else:
            messages.success(request, f"Owners saved for “{element.title[:60]}”.")
            return redirect(_editor_url(plan, element))
    history = element_history(element=element, limit=10)
    return render(request, "web/element_edit.html", {
        "plan": plan, "element": element, "form": form, "owners": owners, "adopted": adopted,
        "history": history, "people": user_names(entry.record.history_user_id for entry in history),
        "errors_form": form if form.errors else owners, "show_internal": True,
    }, status=400 if form.errors or owners.errors else 200)


@transaction.atomic
def _changes_request(*, plan, element, data, user) -> int:
    """An adopted plan's edit as change requests (new words: re-scope; new date: re-date), both or neither."""
    made = 0
    if data["title"].strip() != element.title or data["text"].strip() != element.text:
        change_request_submit(plan=plan, user=user, kind=ChangeRequest.Kind.RESCOPE, reason=data["reason"],
                              element=element, title=data["title"], text=data["text"])
        made += 1
    if data["date_text"].strip() != element.date_text:
        change_request_submit(plan=plan, user=user, kind=ChangeRequest.Kind.REDATE, reason=data["reason"],
                              element=element, date_text=data["date_text"])
        made += 1
    return made


@plan_manager_required
def element_add(request, slug: str):
    """A new element under ?parent=KEY (last) or after ?after=KEY; a change request once adopted."""
    plan = visible_plan(request, slug)
    adopted = plan_edits_through_changes(plan=plan)
    source = request.POST if request.method == "POST" else request.GET
    after = _element(plan, source["after"]) if source.get("after") else None
    parent = after.parent if after is not None else (_element(plan, source["parent"]) if source.get("parent") else None)
    levels = list(FrameworkLevel.objects.filter(plan=plan).order_by("order"))
    allowed = [level for level in levels if level.allows_parent(parent.kind if parent else None)] or levels
    initial = {"parent": str(parent.id) if parent else TOP, "kind": after.kind if after else allowed[0].kind}
    form = ElementEditForm(request.POST if request.method == "POST" else None, initial=initial, levels=allowed, parents=_parent_choices(plan),
                           adopted=adopted, prefix="el")
    del form.fields["parent"]  # where it goes is fixed by the link followed (errors about it go to the summary)
    if adopted:
        form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if adopted:
                if parent is None:
                    raise ValidationError({"parent": "Since adoption, new elements are added under an existing one."})
                change_request_submit(plan=plan, user=request.user, kind=ChangeRequest.Kind.ADD, reason=data["reason"],
                                      parent=parent, title=data["title"], text=data["text"],
                                      date_text=data["date_text"], label=data["label"])
            else:
                element = element_insert(plan=plan, user=request.user, kind=data["kind"], title=data["title"],
                                         parent=parent, after=after, text=data["text"], label=data["label"],
                                         date_text=data["date_text"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if adopted:
                messages.success(request, CHANGES_NOTE)
                return redirect(_editor_url(plan, parent))
            messages.success(request, f"Added “{element.title[:60]}”.")
            return redirect(_editor_url(plan, element))
    return render(request, "web/element_add.html", {
        "plan": plan, "form": form, "parent": parent, "after": after, "adopted": adopted,
    }, status=400 if form.errors else 200)


@plan_manager_required
def element_remove_confirm(request, slug: str, key: str):
    """Confirm removing an element and what sits under it; once adopted, ask to drop it instead."""
    plan = visible_plan(request, slug)
    element = _element(plan, key)
    adopted = plan_edits_through_changes(plan=plan)
    below = with_descendants({element.id}, plan_children(plan=plan)) - {element.id}
    form = ElementRemoveForm(request.POST if request.method == "POST" else None)
    if adopted:
        form.fields["reason"].required = True
        form.fields["reason"].error_messages["required"] = "Give the reason for dropping it: it is shown in every report"
    if request.method == "POST" and form.is_valid():
        try:
            if adopted:
                change_request_submit(plan=plan, user=request.user, kind=ChangeRequest.Kind.DROP,
                                      reason=form.cleaned_data["reason"], element=element)
            else:
                count = element_remove(element=element, user=request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, CHANGES_NOTE if adopted else
                             f"Removed “{element.title[:60]}”{f' and {count - 1} under it' if count > 1 else ''}.")
            return redirect(_editor_url(plan))
    return render(request, "web/element_remove.html", {
        "plan": plan, "element": element, "below": len(below), "form": form, "adopted": adopted,
        "reported": element.progress_updates.exists(),
        "dropped": adopted and element.id in dropped_element_ids(plan=plan),
    }, status=400 if form.errors else 200)

