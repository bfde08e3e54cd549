"""Setting an organisation up in the web: settings, bodies, people and roles, directorates and
portfolios (ADR 0024). Plan managers of the organisation and admins only; the views parse
forms and call one service each."""

from __future__ import annotations

import calendar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from civicplan.core.errors import UserFacingError
from civicplan.core.permissions import GROUP_FOR_ROLE, can_manage_organisation, plan_manager_required, user_role
from civicplan.core.permissions import Role as CivicPlanRole

from . import selectors, services
from .forms import AccountForm, BodyForm, NameForm, OrganisationForm, PersonForm, RoleForm, SettingsForm
from .models import Body, Directorate, Organisation, Person, Portfolio, Role

ROLES_BY_NAME = {role.name.lower(): role for role in GROUP_FOR_ROLE}


def _organisation(request, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_manage_organisation(request.user, organisation):
        raise PermissionDenied("Only the organisation's plan managers and admins can set it up.")
    return organisation


def _overview(organisation: Organisation, anchor: str = "") -> str:
    return reverse("organisations:detail", args=[organisation.slug]) + (f"#{anchor}" if anchor else "")


@plan_manager_required
@require_http_methods(["GET", "POST"])
def organisation_list(request):
    # A manager whose person record ties them to one organisation could not set a new one up.
    may_add = getattr(request.user, "person", None) is None or user_role(request.user) >= CivicPlanRole.ADMIN
    if request.method == "POST" and not may_add:
        raise PermissionDenied("Only an admin can add an organisation.")
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(**form.cleaned_data)
        except UserFacingError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, f"{organisation.name} added. Add its bodies and people next.")
            return redirect(_overview(organisation))
    return render(request, "organisations/organisation_list.html", {
        "organisations": selectors.organisations_for_user(user=request.user), "form": form, "may_add": may_add,
    })


@plan_manager_required
def organisation_detail(request, slug: str):
    organisation = _organisation(request, slug)
    setup = selectors.organisation_setup(organisation=organisation)

    def edit(part, pk):
        return reverse("organisations:part-edit", args=[slug, part, pk])

    def roles_text(person):
        return "; ".join(r.title or r.get_kind_display() for r in person.roles.all())

    sections = [
        {"key": "bodies", "title": "Bodies and committees", "empty": "No bodies yet. Add the Cabinet or "
         "committee that approves plans.", "add_text": "Add a body", "rows": [
             {"name": b.name, "value": f"{b.get_kind_display()}{', approves plans' if b.approves_plans else ''}"
              f"{', meets ' + b.meets if b.meets else ''}", "href": edit("bodies", b.pk), "action": "Change"}
             for b in setup["bodies"]]},
        {"key": "people", "title": "People and roles", "empty": "No people yet.", "add_text": "Add a person",
         "add_href": reverse("organisations:person-add", args=[slug]), "rows": [
             {"name": p.name, "value": ", ".join(filter(None, [roles_text(p), p.email,
                                                               f"signs in as {p.user.username}" if p.user else ""])),
              "href": reverse("organisations:person", args=[slug, p.pk]), "action": "View or change"}
             for p in setup["people"]]},
        {"key": "directorates", "title": "Directorates", "empty": "No directorates yet.",
         "add_text": "Add a directorate", "rows": [
             {"name": d.name, "value": f"{d.people_count} {'person' if d.people_count == 1 else 'people'}",
              "href": edit("directorates", d.pk), "action": "Change"} for d in setup["directorates"]]},
        {"key": "portfolios", "title": "Portfolios", "empty": "No portfolios yet.", "add_text": "Add a portfolio",
         "rows": [
             {"name": p.name, "value": ", ".join(f"{r.person.name} ({r.get_kind_display().lower()})"
                                                 for r in p.holders) or "No holder yet: add the portfolio "
                                                 "holder’s role on their page",
              "href": edit("portfolios", p.pk), "action": "Change"} for p in setup["portfolios"]]},
    ]
    for section in sections:
        section.setdefault("add_href", reverse("organisations:part-add", args=[slug, section["key"]]))
    return render(request, "organisations/organisation_detail.html", {
        "organisation": organisation, "sections": sections,
        "fy_month_name": calendar.month_name[organisation.financial_year_start_month],
    })


@plan_manager_required
@require_http_methods(["GET", "POST"])
def organisation_settings(request, slug: str):
    organisation = _organisation(request, slug)
    initial = {
        "name": organisation.name, "short_name": organisation.short_name,
        "financial_year_start_month": organisation.financial_year_start_month,
        "quarter_convention": organisation.quarter_convention,
        "manager_may_approve_own_work": "yes" if organisation.manager_may_approve_own_work else "no",
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_settings_update(organisation=organisation, **form.cleaned_data)
        except UserFacingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Settings saved.")
            return redirect(_overview(organisation))
    return render(request, "organisations/form.html", {
        "organisation": organisation, "form": form, "title": "Settings",
        "button": "Save settings",
    })


# Bodies, directorates and portfolios share one add / change / remove pattern.
PARTS = {
    "bodies": {"model": Body, "form": BodyForm, "save": services.body_save, "remove": services.body_remove,
               "noun": "body", "arg": "body"},
    "directorates": {"model": Directorate, "form": NameForm, "save": services.directorate_save,
                     "remove": services.directorate_remove, "noun": "directorate", "arg": "directorate"},
    "portfolios": {"model": Portfolio, "form": NameForm, "save": services.portfolio_save,
                   "remove": services.portfolio_remove, "noun": "portfolio", "arg": "portfolio"},
}


def _part(part: str) -> dict:
    if part not in PARTS:
        raise Http404("No such page")
    return PARTS[part]


def _initial(instance, form_class) -> dict:
    initial = {name: getattr(instance, name) for name in form_class.base_fields if hasattr(instance, name)}
    if "approves_plans" in initial:
        initial["approves_plans"] = "yes" if instance.approves_plans else "no"
    return initial


@plan_manager_required
@require_http_methods(["GET", "POST"])
def part_edit(request, slug: str, part: str, pk: int | None = None):
    organisation = _organisation(request, slug)
    config = _part(part)
    instance = get_object_or_404(config["model"], organisation=organisation, pk=pk) if pk else None
    initial = _initial(instance, config["form"]) if instance else {"kind": "committee", "approves_plans": "no"}
    form = config["form"](request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = config["save"](organisation=organisation, **{config["arg"]: instance}, **form.cleaned_data)
        except UserFacingError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, f"{saved.name} {'saved' if instance else 'added'}.")
            return redirect(_overview(organisation, part))
    noun = config["noun"]
    return render(request, "organisations/form.html", {
        "organisation": organisation, "form": form, "button": "Save" if instance else f"Add {noun}",
        "title": f"Change {noun}: {instance.name}" if instance else f"Add a {noun}",
        "remove_url": reverse("organisations:part-remove", args=[slug, part, pk]) if instance else "",
    })


@plan_manager_required
@require_http_methods(["GET", "POST"])
def part_remove(request, slug: str, part: str, pk: int):
    organisation = _organisation(request, slug)
    config = _part(part)
    instance = get_object_or_404(config["model"], organisation=organisation, pk=pk)
    return _remove(request, organisation, instance, noun=config["noun"], anchor=part,
                   remove=lambda: config["remove"](**{config["arg"]: instance}))


def _remove(request, organisation, instance, *, noun: str, anchor: str, remove, note: str = "", back: str = ""):
    error = ""
    if request.method == "POST":
        try:
            remove()
        except UserFacingError as exc:
            error = str(exc)
        else:
            messages.success(request, f"{instance} removed.")
            return redirect(_overview(organisation, anchor))
    return render(request, "organisations/remove.html", {
        "organisation": organisation, "instance": instance, "noun": noun, "error": error, "note": note,
        "back": back or _overview(organisation, anchor),
    }, status=409 if error else 200)


@plan_manager_required
@require_http_methods(["GET", "POST"])
def person_edit(request, slug: str, pk: int | None = None):
    organisation = _organisation(request, slug)
    person = get_object_or_404(Person, organisation=organisation, pk=pk) if pk else None
    initial = {"name": person.name, "email": person.email, "telephone": person.telephone,
               "directorate": person.directorate_id} if person else {}
    form = PersonForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.person_save(organisation=organisation, person=person, **form.cleaned_data)
        except UserFacingError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, f"{saved.name} {'saved' if person else 'added'}.")
            return redirect(reverse("organisations:person", args=[slug, saved.pk]))
    return render(request, "organisations/form.html", {
        "organisation": organisation, "form": form, "button": "Save" if person else "Add person",
        "title": f"Change details: {person.name}" if person else "Add a person",
    })


@plan_manager_required
@require_http_methods(["GET", "POST"])
def person_detail(request, slug: str, pk: int):
    """A person's details, roles and sign-in account, with the forms to change the last two."""
    organisation = _organisation(request, slug)
    person = get_object_or_404(Person.objects.select_related("user", "directorate"), organisation=organisation, pk=pk)
    account_initial = {"username": person.user.username if person.user else "",
                       "role": user_role(person.user).name.lower() if person.user else ""}
    account_form = AccountForm(request.POST if request.POST.get("form") == "account" else None,
                               initial=account_initial, prefix="account")
    role_form = RoleForm(request.POST if request.POST.get("form") == "role" else None,
                         organisation=organisation, prefix="role")
    if request.method == "POST":
        try:
            if account_form.is_bound and account_form.is_valid():
                role = ROLES_BY_NAME.get(account_form.cleaned_data["role"])
                services.person_account_set(person=person, username=account_form.cleaned_data["username"],
                                            role=role, by=request.user)
                messages.success(request, f"Sign-in account for {person.name} saved.")
                return redirect(reverse("organisations:person", args=[slug, pk]))
            if role_form.is_bound and role_form.is_valid():
                services.role_add(person=person, **role_form.cleaned_data)
                messages.success(request, f"Role added for {person.name}.")
                return redirect(reverse("organisations:person", args=[slug, pk]))
        except UserFacingError as exc:
            (account_form if account_form.is_bound else role_form).add_error(None, str(exc))
    form = account_form if account_form.errors else role_form
    return render(request, "organisations/person_detail.html", {
        "organisation": organisation, "person": person, "account_form": account_form, "role_form": role_form,
        "form": form, "person_role": user_role(person.user).label if person.user else "",
        "roles": person.roles.select_related("body", "portfolio", "directorate").order_by("kind", "pk"),
    }, status=400 if form.errors else 200)


@plan_manager_required
@require_http_methods(["GET", "POST"])
def person_remove(request, slug: str, pk: int):
    organisation = _organisation(request, slug)
    person = get_object_or_404(Person, organisation=organisation, pk=pk)
    return _remove(request, organisation, person, noun="person", anchor="people",
                   remove=lambda: services.person_remove(person=person),
                   note="Their roles are removed with them. Their sign-in account is kept.")


@plan_manager_required
@require_http_methods(["GET", "POST"])
def role_remove(request, slug: str, pk: int, role_pk: int):
    organisation = _organisation(request, slug)
    role = get_object_or_404(Role, person__organisation=organisation, person_id=pk, pk=role_pk)
    if request.method == "POST":
        services.role_remove(role=role)
        messages.success(request, f"Role removed: {role}.")
        return redirect(reverse("organisations:person", args=[slug, pk]))
    return _remove(request, organisation, role, noun="role", anchor="people", remove=lambda: None,
                   back=reverse("organisations:person", args=[slug, pk]))
