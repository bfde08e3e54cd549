"""Pages: meetings, a plan's decisions and next steps, changes against the baseline, reminders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from civicplan.core.forms import errors_to_form
from civicplan.core.http import redirect_next
from civicplan.core.permissions import (
    Role,
    can_manage_plans,
    can_update_element,
    can_view_plan,
    officer_required,
    plan_manager_required,
    user_role,
)
from civicplan.organisations.models import Body, Organisation
from civicplan.plans.models import Element, Plan
from civicplan.standing.status import plans_with_sample_data

from . import selectors, services
from .forms import (
    ChangeDecisionForm,
    ChangeRequestForm,
    ConsultationNoteForm,
    DecisionForm,
    MeetingForm,
    ReportingDateForm,
    WorkflowTemplateForm,
)
from .models import ChangeRequest
from .workflow_templates import DEFAULT_TEMPLATE, TEMPLATES


def _plan(request, slug: str) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("organisation", "body"), slug=slug)
    if not can_view_plan(request.user, plan):
        raise Http404("No such plan")
    return plan


def meetings(request):
    """Every meeting with its agenda items about plans; plan managers add meetings here."""
    role = user_role(request.user)
    form = None
    bodies = Body.objects.select_related("organisation").order_by("organisation__name", "name")
    if can_manage_plans(request.user):
        form = MeetingForm(request.POST or None, bodies=bodies, plans=Plan.objects.order_by("-created_at", "title"))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    meeting = services.meeting_get_or_create(body=data["body"], date=data["date"], user=request.user)
                    item = None
                    if data["item_no"].strip():
                        item = services.agenda_item_set(
                            meeting=meeting, number=data["item_no"], plan=data["plan"], user=request.user,
                            title=data["item_title"].strip() or (data["plan"].title if data["plan"] else ""),
                        )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, f"{meeting}: item {item.number} added." if item else f"Meeting added: {meeting}.")
                return redirect(reverse("governance:meetings"))
    elif request.method == "POST":
        raise PermissionDenied("Only a plan manager can add meetings.")
    rows = []
    for meeting in selectors.meeting_list():
        items = sorted((i for i in meeting.items.all() if i.plan is None or can_view_plan(request.user, i.plan)), key=lambda i: i.sort_key)
        decisions = [d for d in meeting.decisions.select_related("plan").all() if can_view_plan(request.user, d.plan)]
        if items or decisions or role >= Role.OFFICER:
            rows.append({"meeting": meeting, "items": items, "decisions": decisions})
    return render(request, "governance/meetings.html", {"rows": rows, "form": form, "today": timezone.localdate()})


def plan_decisions(request, slug: str):
    """A plan's path through its committees, and the form that takes the next step."""
    plan = _plan(request, slug)
    form = note_form = None
    if can_manage_plans(request.user):
        # An organisation made before workflows had defaults gets its own now, so steps are offered.
        services.workflow_ensure(organisation=plan.organisation)
        adding_note = request.method == "POST" and request.POST.get("action") == "note"
        form = DecisionForm(
            request.POST if request.method == "POST" and not adding_note else None,
            steps=selectors.allowed_steps(plan=plan),
            meetings=selectors.meetings_for_choice(plan=plan), current_label=plan.get_status_display(),
        )
        note_form = ConsultationNoteForm(
            request.POST if adding_note else None, prefix="note",
            elements=Element.objects.filter(plan=plan, kind__in=services.CONSULTED_KINDS).order_by("position"),
        )
        if adding_note and note_form.is_valid():
            data = note_form.cleaned_data
            try:
                services.consultation_note_add(element=data["element"], text=data["text"], user=request.user,
                                               consulted_on=data["consulted_on"])
            except ValidationError as exc:
                errors_to_form(note_form, exc)
            else:
                messages.success(request, f"Consultation note added to {data['element'].title}.")
                return redirect(reverse("governance:plan-decisions", args=[plan.slug]))
        elif not adding_note and request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.plan_transition(
                    plan=plan, to_status=data["to_status"] or plan.status, meeting=data["meeting"],
                    decision=data["decision"], user=request.user, note=data["note"], item_no=data["item_no"],
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, "Decision recorded.")
                return redirect(reverse("governance:plan-decisions", args=[plan.slug]))
    elif request.method == "POST":
        raise PermissionDenied("Only a plan manager can record decisions.")
    notes = selectors.consultation_notes(plan=plan)
    noted = Element.objects.filter(id__in=notes.keys()).order_by("position")
    return render(request, "governance/plan_decisions.html", {
        "plan": plan, "decisions": selectors.plan_decisions(plan=plan), "form": form, "note_form": note_form,
        "show_internal": user_role(request.user) >= Role.OFFICER,  # who recorded it is staff detail
        "can_change_workflow": can_manage_plans(request.user),
        "steps": selectors.allowed_steps(plan=plan), "baseline": selectors.baseline_current(plan=plan),
        "notes": [(element, notes[element.id]) for element in noted],
    })


def plan_changes(request, slug: str):
    """Changes since adoption, each against the baseline; officers request, managers decide."""
    plan = _plan(request, slug)
    baseline = selectors.baseline_current(plan=plan)
    form = None
    role = user_role(request.user)
    if role >= Role.OFFICER and baseline is not None:
        dropped = selectors.dropped_element_ids(plan=plan)
        choices = [
            e for e in Element.objects.filter(plan=plan).select_related("parent").order_by("position")
            if e.id not in dropped and e.kind not in ("implication", "key_event") and can_update_element(request.user, e)
        ]
        form = ChangeRequestForm(request.POST or None, elements=choices)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            kind = data["kind"]
            try:
                services.change_request_submit(
                    plan=plan, user=request.user, kind=kind, reason=data["reason"],
                    element=None if kind == ChangeRequest.Kind.ADD else data["element"],
                    parent=data["element"] if kind == ChangeRequest.Kind.ADD else None,
                    title=data["title"], date_text=data["date_text"],
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            except PermissionDenied as exc:
                form.add_error("element", str(exc))
            else:
                messages.success(request, "Change requested. A plan manager will approve or reject it.")
                return redirect(reverse("governance:plan-changes", args=[plan.slug]))
    elif request.method == "POST":
        raise PermissionDenied("Only officers can request changes.")
    pending = selectors.plan_change_lines(plan=plan, status=ChangeRequest.Status.PENDING) if role >= Role.OFFICER else []
    return render(request, "governance/plan_changes.html", {
        "plan": plan, "baseline": baseline, "form": form, "show_internal": role >= Role.OFFICER,
        "approved": selectors.plan_change_lines(plan=plan),
        "rejected": selectors.plan_change_lines(plan=plan, status=ChangeRequest.Status.REJECTED) if role >= Role.OFFICER else [],
        "pending": pending, "can_decide": can_manage_plans(request.user),
    })


@require_POST
@plan_manager_required
def change_decide(request, slug: str, pk: int):
    plan = _plan(request, slug)
    change = get_object_or_404(ChangeRequest, pk=pk, plan=plan)
    form = ChangeDecisionForm(request.POST)
    back = reverse("governance:plan-changes", args=[plan.slug])
    if not form.is_valid():
        messages.error(request, " ".join(f"{error}." for errors in form.errors.values() for error in errors))
        return redirect_next(request, back)
    try:
        if form.cleaned_data["decision"] == "approve":
            services.change_request_approve(change=change, user=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, "Change approved and applied to the plan.")
        else:
            services.change_request_reject(change=change, user=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, "Change rejected.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:  # e.g. the organisation's separation-of-duties setting
        messages.error(request, str(exc))
    return redirect_next(request, back)


@officer_required
def reminders(request):
    """Reminders sent (an officer sees their own), reporting dates, and overdue milestones."""
    manager = can_manage_plans(request.user)
    person = getattr(request.user, "person", None)
    today = timezone.localdate()
    plans = [p for p in Plan.objects.filter(status__in=("adopted", "in_delivery")).order_by("title")]
    form = None
    if manager:
        form = ReportingDateForm(request.POST or None, prefix="rd")
        if request.method == "POST" and request.POST.get("action") == "send":
            from .tasks import reminders_send_task

            reminders_send_task.enqueue(today.isoformat())
            messages.success(request, "Reminders queued: the worker sends them shortly.")
            return redirect(reverse("governance:reminders"))
        if request.method == "POST" and form.is_valid():
            plan = next((p for p in plans if p.slug == request.POST.get("plan", "")), None)
            if plan is None:
                form.add_error(None, "Choose a plan in delivery to add a reporting date to.")
        if request.method == "POST" and form.is_valid():
            try:
                services.reporting_date_add(plan=plan, date=form.cleaned_data["date"], user=request.user,
                                            remind_days_before=form.cleaned_data["remind_days_before"])
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, "Reporting date added.")
                return redirect(reverse("governance:reminders"))
    elif request.method == "POST":
        raise PermissionDenied("Only a plan manager can change reminders.")
    overdue = []
    for plan in plans:
        items = selectors.overdue_milestones(plan=plan, as_at=today)
        if person is not None and not manager:
            items = [s for s in items if can_update_element(request.user, s.element)]
        if items:
            overdue.append((plan, items))
    return render(request, "governance/reminders.html", {
        "reminders": selectors.reminder_list(person=None if manager else person) if (manager or person) else [],
        "overdue": overdue, "form": form,
        "sample_plans": plans_with_sample_data(plan_ids=[plan.id for plan, _ in overdue]), "plans": plans, "manager": manager, "today": today,
        "reporting_dates": [
            (plan, list(plan.reporting_dates.filter(date__gte=today).order_by("date")[:4])) for plan in plans
        ],
    })


@plan_manager_required
def organisation_workflow(request, slug: str):
    """An organisation's approval workflow, step by step with its body; managers switch template here."""
    organisation = get_object_or_404(Organisation, slug=slug)
    services.workflow_ensure(organisation=organisation)
    current = organisation.workflow_template or DEFAULT_TEMPLATE
    form = WorkflowTemplateForm(request.POST or None, templates=TEMPLATES.values(), initial={"template": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.workflow_apply(organisation=organisation, template_key=form.cleaned_data["template"],
                                    user=request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"Workflow changed to {TEMPLATES[form.cleaned_data['template']].name}.")
            return redirect(reverse("governance:organisation-workflow", args=[organisation.slug]))
    return render(request, "governance/organisation_workflow.html", {
        "organisation": organisation, "steps": selectors.workflow_steps(organisation=organisation),
        "current": TEMPLATES.get(current), "form": form,
        "changes": selectors.workflow_changes(organisation=organisation),
        "plans": Plan.objects.filter(organisation=organisation).order_by("title"),
    })
