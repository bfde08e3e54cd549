"""Writing organisations: loading an organisation file (members, bodies, people)."""

from pathlib import Path

import yaml
from django.db import transaction
from django.utils.text import slugify

from civicplan.core.errors import UserFacingError

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
