"""Writing organisations: loading an organisation file, and setting one up in the web."""

from pathlib import Path

import yaml
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from civicplan.core.errors import UserFacingError
from civicplan.core.permissions import GROUP_FOR_ROLE, user_role
from civicplan.core.permissions import Role as CivicPlanRole

from .models import Body, DirectService, Directorate, MemberAuthority, Organisation, Person, Portfolio, Role

SEED_DIR = Path(__file__).resolve().parent / "seeds"


def organisation_get_or_create(*, name: str) -> Organisation:
    """The organisation a plan file names; made with default settings if it is new."""
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        slug = slugify(name)[:100] or "organisation"
        organisation = Organisation(name=name, slug=slug)
        organisation.full_clean()
        organisation.save()
    return organisation


@transaction.atomic
def organisation_load(*, path: Path) -> Organisation:
    """Create or update an organisation from its YAML file; running it twice changes nothing."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UserFacingError(f"{path}: cannot read organisation file: {exc}") from exc
    if not isinstance(data, dict) or not data.get("name"):
        raise UserFacingError(f"{path}: an organisation file needs at least a name")

    organisation, _ = Organisation.objects.update_or_create(
        name=data["name"],
        defaults={
            "slug": data.get("slug") or slugify(data["name"]),
            "short_name": data.get("short_name", ""),
            "description": data.get("description", ""),
            "address": data.get("address", ""),
            "website": data.get("website", ""),
            "telephone": str(data.get("telephone", "")),
            "financial_year_start_month": data.get("financial_year_start_month", 4),
            "quarter_convention": data.get("quarter_convention", "calendar"),
            # Only when the file names one, so reloading keeps a template chosen in the web.
            **({"workflow_template": data["workflow_template"]} if data.get("workflow_template") else {}),
        },
    )
    for member in data.get("members", []):
        MemberAuthority.objects.update_or_create(
            organisation=organisation,
            name=member["name"],
            defaults={
                "short_name": member.get("full_name", ""),
                "kind": member["kind"],
                "membership": member.get("membership", "member"),
                "ons_code": member.get("ons_code") or "",
                "inner_london": member.get("inner_london"),
            },
        )
    for body in data.get("bodies", []):
        Body.objects.update_or_create(
            organisation=organisation,
            name=body["name"],
            defaults={
                "short_name": body.get("short_name", ""),
                "kind": body.get("kind", Body.Kind.COMMITTEE),
                "description": body.get("description", ""),
                "meets": body.get("meets", ""),
                "approves_plans": bool(body.get("approves_plans", False)),
            },
        )
    for name in data.get("directorates", []):
        Directorate.objects.get_or_create(organisation=organisation, name=name)
    for name in data.get("portfolios", []):
        Portfolio.objects.get_or_create(organisation=organisation, name=name)
    for entry in data.get("people", []):
        directorate = None
        if entry.get("directorate"):
            directorate, _ = Directorate.objects.get_or_create(
                organisation=organisation, name=entry["directorate"]
            )
        person, _ = Person.objects.update_or_create(
            organisation=organisation,
            name=entry["name"],
            defaults={
                "email": entry.get("email", ""),
                "telephone": str(entry.get("telephone", "")),
                "directorate": directorate,
            },
        )
        for role in entry.get("roles", []):
            Role.objects.get_or_create(
                person=person,
                kind=role["kind"],
                title=role.get("title", ""),
                defaults={"start": role.get("start"), "end": role.get("end")},
            )
    for order, service in enumerate(data.get("services", [])):
        directorate = None
        if service.get("directorate"):
            directorate, _ = Directorate.objects.get_or_create(
                organisation=organisation, name=service["directorate"]
            )
        DirectService.objects.update_or_create(
            organisation=organisation,
            slug=service.get("slug") or slugify(service["name"]),
            defaults={
                "name": service["name"],
                "description": service.get("description", ""),
                "directorate": directorate,
                "facts": service.get("facts", []),
                "match_terms": service.get("match_terms", [service["name"]]),
                "order": order,
            },
        )
    return organisation


def organisation_seed_paths() -> list[Path]:
    return sorted(SEED_DIR.glob("*.yaml"))


# --- Setting an organisation up in the web (ADR 0024) -------------------------------------
#
# Each write validates the whole record first (full_clean) and runs in one transaction; a
# refusal is a UserFacingError whose message names the problem, so nothing is half written.

SETTINGS_FIELDS = ("name", "short_name", "financial_year_start_month", "quarter_convention",
                   "manager_may_approve_own_work")
BODY_FIELDS = ("name", "short_name", "kind", "description", "meets", "approves_plans")


def _validation_message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(str(m) for messages in exc.message_dict.values() for m in messages)
    return " ".join(exc.messages)


def _save(instance, *, fields: dict) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise UserFacingError(_validation_message(exc)) from exc
    instance.save()


def _uses(instance, *, ignore: tuple[str, ...] = ()) -> list[str]:
    """What refers to this record, as "2 meetings", "1 workflow step": read from the models'
    own relations, so a use another app adds later (a deputy, a team) is counted too."""
    uses = []
    for relation in instance._meta.related_objects:
        if relation.many_to_many or relation.related_model._meta.label_lower in ignore:
            continue
        users = relation.related_model._base_manager.filter(**{relation.field.name: instance})
        count = users.count()
        if count:
            meta = relation.related_model._meta
            noun = meta.verbose_name if count == 1 else meta.verbose_name_plural
            as_what = "" if relation.field.name == instance._meta.model_name else f" as {relation.field.verbose_name}"
            names = [str(user)[:60] for user in users[:3]]
            shown = "; ".join(names) + ("; …" if count > 3 else "")
            uses.append(f"{count} {noun}{as_what} ({shown})")
    return uses


def _refuse_if_used(instance, *, what: str, ignore: tuple[str, ...] = ()) -> None:
    uses = _uses(instance, ignore=ignore)
    if uses:
        raise UserFacingError(
            f"{what} “{instance}” cannot be removed: it is used by {', '.join(uses)}. "
            "Change or remove those first."
        )


@transaction.atomic
def organisation_create(*, name: str, short_name: str = "") -> Organisation:
    name = name.strip()
    if Organisation.objects.filter(name__iexact=name).exists():
        raise UserFacingError(f"There is already an organisation called “{name}”")
    slug = base = slugify(name)[:90] or "organisation"
    number = 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    organisation = Organisation(slug=slug)
    _save(organisation, fields={"name": name, "short_name": short_name.strip()})
    return organisation


@transaction.atomic
def organisation_settings_update(*, organisation: Organisation, **fields) -> Organisation:
    """Name, financial year and quarter convention, separation of duties. Target dates already
    read keep their reading; the convention applies to dates read from now on."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not a setting: {sorted(unknown)}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    name = fields.get("name", organisation.name).strip()
    if Organisation.objects.filter(name__iexact=name).exclude(pk=organisation.pk).exists():
        raise UserFacingError(f"There is already an organisation called “{name}”")
    if not 1 <= int(fields.get("financial_year_start_month", organisation.financial_year_start_month)) <= 12:
        raise UserFacingError("The financial year must start in a month from 1 (January) to 12 (December)")
    _save(organisation, fields={**fields, "name": name})
    return organisation


def _named(model, *, organisation: Organisation, name: str, instance=None) -> str:
    name = (name or "").strip()
    if not name:
        raise UserFacingError(f"Enter the {model._meta.verbose_name}’s name")
    clash = model.objects.filter(organisation=organisation, name__iexact=name)
    if instance is not None and instance.pk:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise UserFacingError(f"{organisation} already has a {model._meta.verbose_name} called “{name}”")
    return name


@transaction.atomic
def body_save(*, organisation: Organisation, body: Body | None = None, **fields) -> Body:
    """Add a body (committee, Cabinet, board) or change one."""
    body = body or Body(organisation=organisation)
    fields["name"] = _named(Body, organisation=organisation, name=fields.get("name", body.name), instance=body)
    _save(body, fields={k: v for k, v in fields.items() if k in BODY_FIELDS})
    return body


@transaction.atomic
def body_remove(*, body: Body) -> None:
    """Refused while meetings, workflow steps, plans or roles name the body: they would lose it."""
    _refuse_if_used(body, what="Body")
    body.delete()


@transaction.atomic
def directorate_save(*, organisation: Organisation, directorate: Directorate | None = None, name: str) -> Directorate:
    directorate = directorate or Directorate(organisation=organisation)
    _save(directorate, fields={"name": _named(Directorate, organisation=organisation, name=name, instance=directorate)})
    return directorate


@transaction.atomic
def directorate_remove(*, directorate: Directorate) -> None:
    _refuse_if_used(directorate, what="Directorate")
    directorate.delete()


@transaction.atomic
def portfolio_save(*, organisation: Organisation, portfolio: Portfolio | None = None, name: str) -> Portfolio:
    portfolio = portfolio or Portfolio(organisation=organisation)
    _save(portfolio, fields={"name": _named(Portfolio, organisation=organisation, name=name, instance=portfolio)})
    return portfolio


@transaction.atomic
def portfolio_remove(*, portfolio: Portfolio) -> None:
    _refuse_if_used(portfolio, what="Portfolio")
    portfolio.delete()


@transaction.atomic
def person_save(*, organisation: Organisation, person: Person | None = None, name: str, email: str = "",
                telephone: str = "", directorate: Directorate | None = None) -> Person:
    person = person or Person(organisation=organisation)
    if directorate is not None and directorate.organisation_id != organisation.id:
        raise UserFacingError(f"Directorate “{directorate}” belongs to another organisation")
    _save(person, fields={
        "name": _named(Person, organisation=organisation, name=name, instance=person),
        "email": (email or "").strip(), "telephone": (telephone or "").strip(), "directorate": directorate,
    })
    return person


@transaction.atomic
def person_remove(*, person: Person) -> None:
    """A person's own roles go with them; anything else that names them (elements they own,
    reminders sent) refuses the removal."""
    _refuse_if_used(person, what="Person", ignore=("organisations.role",))
    person.delete()


@transaction.atomic
def person_account_set(*, person: Person, username: str, role: CivicPlanRole | None, by) -> Person:
    """Link a person to a sign-in account (or unlink with an empty name) and set its role.

    Only an admin may make someone an admin or change an admin's account; a plan manager may
    give the viewer, officer or plan manager role.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    username = (username or "").strip()
    if not username:
        person.user = None
        person.save(update_fields=["user", "updated_at"])
        return person
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        raise UserFacingError(f"There is no sign-in account called “{username}”. Check the spelling, "
                              "or ask an admin to create the account first.")
    linked = Person.objects.filter(user=user).exclude(pk=person.pk).select_related("organisation").first()
    if linked is not None:
        raise UserFacingError(f"The account “{user.username}” is already linked to {linked.name} "
                              f"({linked.organisation}). Unlink it there first.")
    by_role = user_role(by)
    if user.is_superuser and by_role < CivicPlanRole.ADMIN:
        raise UserFacingError(f"“{user.username}” is an admin account: only an admin can change it")
    if role is not None and role not in GROUP_FOR_ROLE:
        raise UserFacingError("Choose viewer, officer or plan manager")
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    if role is not None and not user.is_superuser:
        user.groups.remove(*Group.objects.filter(name__in=GROUP_FOR_ROLE.values()))
        user.groups.add(Group.objects.get(name=GROUP_FOR_ROLE[role]))
        user.__dict__.pop("_civicplan_role", None)
    return person


@transaction.atomic
def role_add(*, person: Person, kind: str, title: str = "", body: Body | None = None,
             portfolio: Portfolio | None = None, directorate: Directorate | None = None,
             start=None, end=None) -> Role:
    """A person's role: job title, Chair of a body, portfolio holder, director..."""
    for other in (body, portfolio, directorate):
        if other is not None and other.organisation_id != person.organisation_id:
            raise UserFacingError(f"“{other}” belongs to another organisation")
    if kind in (Role.Kind.PORTFOLIO_HOLDER, Role.Kind.SHADOW_PORTFOLIO_HOLDER) and portfolio is None:
        raise UserFacingError("Choose the portfolio this person holds")
    if kind in (Role.Kind.CHAIR, Role.Kind.DEPUTY_CHAIR, Role.Kind.BODY_MEMBER) and body is None:
        raise UserFacingError("Choose the body for this role")
    if start and end and start > end:
        raise UserFacingError("The role’s end date must be the same as or after its start date")
    role = Role(person=person)
    _save(role, fields={"kind": kind, "title": (title or "").strip(), "body": body, "portfolio": portfolio,
                        "directorate": directorate, "start": start, "end": end})
    return role


@transaction.atomic
def role_remove(*, role: Role) -> None:
    role.delete()
