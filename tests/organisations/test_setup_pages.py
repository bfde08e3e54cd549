"""A council that is not London Councils sets itself up in the web: settings, Cabinet, people
and roles, directorates and portfolios; only its plan managers and admins may."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from civicplan.core.permissions import Role as CivicPlanRole
from civicplan.core.permissions import user_role
from civicplan.governance.models import Meeting
from civicplan.organisations.models import Body, Directorate, Organisation, Person, Portfolio, Role
from civicplan.plans.models import Element
from civicplan.plans.services import plan_file_load
from tests.conftest import text_of
from tests.factories import make_user

COUNCIL = "Ambridge District Council"


@pytest.fixture
def council(seeded):
    return Organisation.objects.create(name=COUNCIL, slug="ambridge", financial_year_start_month=4)


@pytest.fixture
def manager(seeded):
    return make_user(CivicPlanRole.PLAN_MANAGER, "ambridge-manager")


def words(response) -> str:
    return text_of(response.content.decode())


def test_a_manager_sets_up_settings_cabinet_people_and_portfolios(council, client, pages, manager):
    client.force_login(manager)
    assert COUNCIL in words(pages.get("/organisations/"))
    overview = words(pages.get("/organisations/ambridge/"))
    assert "No bodies yet" in overview and "Plan workflow" in overview
    assert 'href="/organisations/ambridge/workflow/"' in pages.get("/organisations/ambridge/").content.decode()

    pages.get("/organisations/ambridge/settings/")
    response = client.post("/organisations/ambridge/settings/", {
        "name": COUNCIL, "short_name": "ADC", "financial_year_start_month": "1",
        "quarter_convention": "financial", "manager_may_approve_own_work": "no"})
    assert response.status_code == 302
    council.refresh_from_db()
    assert (council.short_name, council.financial_year_start_month, council.quarter_convention,
            council.manager_may_approve_own_work) == ("ADC", 1, "financial", False)

    pages.get("/organisations/ambridge/bodies/add/")
    response = client.post("/organisations/ambridge/bodies/add/", {
        "name": "Cabinet", "kind": "executive", "meets": "monthly", "approves_plans": "yes"})
    assert response.status_code == 302
    cabinet = Body.objects.get(organisation=council, name="Cabinet")
    assert cabinet.approves_plans and cabinet.kind == "executive"

    client.post("/organisations/ambridge/directorates/add/", {"name": "Place"})
    client.post("/organisations/ambridge/portfolios/add/", {"name": "Environment"})
    response = client.post("/organisations/ambridge/people/add/", {
        "name": "Jo Brightwater", "email": "jo@ambridge.example", "telephone": "",
        "directorate": str(Directorate.objects.get(organisation=council).pk)})
    person = Person.objects.get(organisation=council, name="Jo Brightwater")
    assert response["Location"] == f"/organisations/ambridge/people/{person.pk}/"
    pages.get(f"/organisations/ambridge/people/{person.pk}/")

    portfolio = Portfolio.objects.get(organisation=council)
    response = client.post(f"/organisations/ambridge/people/{person.pk}/", {
        "form": "role", "role-kind": "portfolio_holder", "role-title": "Cabinet Member for the Environment",
        "role-portfolio": str(portfolio.pk), "role-start_day": "12/05/2025"})
    assert response.status_code == 302, words(response)
    role = Role.objects.get(person=person)
    assert (role.portfolio, role.start) == (portfolio, dt.date(2025, 5, 12))

    account = User.objects.create_user("jbrightwater")
    response = client.post(f"/organisations/ambridge/people/{person.pk}/", {
        "form": "account", "account-username": "JBrightwater", "account-role": "officer"})
    assert response.status_code == 302
    account = User.objects.get(pk=account.pk)
    person.refresh_from_db()
    assert person.user == account and user_role(account) == CivicPlanRole.OFFICER

    overview = words(pages.get("/organisations/ambridge/"))
    for expected in ("Cabinet", "Executive, approves plans, meets monthly", "Jo Brightwater",
                     "Cabinet Member for the Environment", "signs in as jbrightwater",
                     "Jo Brightwater (portfolio holder)", "January", "Place 1 person"):
        assert expected in overview, expected


def test_mistakes_are_named_and_nothing_is_saved(council, client, pages, manager):
    client.force_login(manager)
    Body.objects.create(organisation=council, name="Cabinet")
    response = client.post("/organisations/ambridge/bodies/add/", {"name": "cabinet", "kind": "committee",
                                                                    "approves_plans": "no"})
    assert response.status_code == 200
    assert f"{COUNCIL} already has a body called “cabinet”" in words(response)
    assert Body.objects.filter(organisation=council).count() == 1

    person = Person.objects.create(organisation=council, name="Sam Reed")
    response = client.post(f"/organisations/ambridge/people/{person.pk}/", {
        "form": "role", "role-kind": "portfolio_holder", "role-start_day": "31", "role-start_month": "",
        "role-start_year": "2025"})
    assert response.status_code == 400
    assert "Start date must include a month" in words(response)
    assert "There is a problem" in words(response)
    response = client.post(f"/organisations/ambridge/people/{person.pk}/", {"form": "role", "role-kind": "chair"})
    assert "Choose the body for this role" in words(response)
    response = client.post(f"/organisations/ambridge/people/{person.pk}/", {
        "form": "account", "account-username": "nobody-here", "account-role": "officer"})
    assert "There is no sign-in account called “nobody-here”" in words(response)
    assert not Role.objects.filter(person=person).exists()


def test_removing_something_in_use_is_refused_naming_what_uses_it(council, client, manager):
    client.force_login(manager)
    cabinet = Body.objects.create(organisation=council, name="Cabinet")
    Meeting.objects.create(body=cabinet, date=dt.date(2025, 6, 3))
    response = client.post(f"/organisations/ambridge/bodies/{cabinet.pk}/remove/")
    assert response.status_code == 409
    assert "Body “Cabinet” cannot be removed: it is used by 1 meeting" in words(response)
    assert Body.objects.filter(pk=cabinet.pk).exists()

    plan_file_load(data={
        "format": "civicplan-plan", "version": 1,
        "meta": {"slug": "ambridge-plan", "title": "Ambridge Council Plan", "kind": "milestones_plan",
                 "status": "draft", "organisation": COUNCIL},
        "framework": {"levels": [{"kind": "objective", "name": "Objective", "plural": "Objectives", "parents": []}]},
        "elements": [{"id": "o1", "kind": "objective", "label": "1", "title": "A greener district"}],
    })
    owner = Person.objects.create(organisation=council, name="Pat Archer")
    Role.objects.create(person=owner, kind=Role.Kind.LEAD_OFFICER)
    Element.objects.filter(plan__slug="ambridge-plan").update(owner_person=owner)
    response = client.post(f"/organisations/ambridge/people/{owner.pk}/remove/")
    assert "Person “Pat Archer” cannot be removed: it is used by 1 element" in words(response)

    Element.objects.filter(plan__slug="ambridge-plan").update(owner_person=None)
    response = client.post(f"/organisations/ambridge/people/{owner.pk}/remove/")
    assert response.status_code == 302
    assert not Person.objects.filter(pk=owner.pk).exists()

    spare = Body.objects.create(organisation=council, name="Scrutiny Committee")
    assert client.post(f"/organisations/ambridge/bodies/{spare.pk}/remove/").status_code == 302
    assert not Body.objects.filter(pk=spare.pk).exists()


@pytest.mark.parametrize("role", [CivicPlanRole.VIEWER, CivicPlanRole.OFFICER])
def test_officers_and_viewers_cannot_set_up_an_organisation(council, client, role):
    client.force_login(make_user(role, f"ambridge-{role.name.lower()}"))
    for url in ("/organisations/", "/organisations/ambridge/", "/organisations/ambridge/bodies/add/",
                "/organisations/ambridge/settings/"):
        assert client.get(url).status_code == 403, url
    assert client.post("/organisations/ambridge/bodies/add/", {"name": "Cabinet", "kind": "executive",
                                                                "approves_plans": "yes"}).status_code == 403
    assert not Body.objects.filter(organisation=council).exists()


def test_an_admin_adds_an_organisation_and_a_clashing_name_is_refused(seeded, client, pages):
    client.force_login(make_user(CivicPlanRole.ADMIN, "ambridge-admin"))
    response = client.post("/organisations/", {"name": "Felpersham City Council", "short_name": "FCC"})
    assert response["Location"] == "/organisations/felpersham-city-council/"
    pages.get("/organisations/felpersham-city-council/")
    response = client.post("/organisations/", {"name": "felpersham city council"})
    assert "There is already an organisation called “felpersham city council”" in words(response)
    assert Organisation.objects.filter(name__iexact="Felpersham City Council").count() == 1


def test_the_public_is_sent_to_sign_in(council, client):
    response = client.get("/organisations/ambridge/")
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_a_manager_of_another_council_cannot_set_this_one_up_but_an_admin_can(council, client, manager):
    other = Organisation.objects.create(name="Borsetshire County Council", slug="borsetshire")
    Person.objects.create(organisation=other, name="Lynda Snell", user=manager)
    client.force_login(manager)
    assert client.get("/organisations/ambridge/").status_code == 403
    assert COUNCIL not in words(client.get("/organisations/"))
    assert client.get("/organisations/borsetshire/").status_code == 200
    assert "Add an organisation" not in words(client.get("/organisations/"))
    assert client.post("/organisations/", {"name": "Loxley Barrett Council"}).status_code == 403

    client.force_login(make_user(CivicPlanRole.ADMIN, "ambridge-admin"))
    assert client.get("/organisations/ambridge/").status_code == 200


def test_a_manager_cannot_take_over_an_admin_account(council, client, manager):
    admin = make_user(CivicPlanRole.ADMIN, "ambridge-root")
    person = Person.objects.create(organisation=council, name="Eddie Grundy")
    client.force_login(manager)
    response = client.post(f"/organisations/ambridge/people/{person.pk}/", {
        "form": "account", "account-username": "ambridge-root", "account-role": "viewer"})
    assert "is an admin account: only an admin can change it" in words(response)
    person.refresh_from_db()
    assert person.user is None and User.objects.get(pk=admin.pk).is_superuser


def test_a_refusal_names_the_records_that_use_it(council, client, manager):
    client.force_login(manager)
    cabinet = Body.objects.create(organisation=council, name="Cabinet")
    Meeting.objects.create(body=cabinet, date=dt.date(2025, 6, 3))
    Meeting.objects.create(body=cabinet, date=dt.date(2025, 7, 1))
    chair = Person.objects.create(organisation=council, name="Jill Archer")
    Role.objects.create(person=chair, kind=Role.Kind.CHAIR, body=cabinet)
    page = words(client.post(f"/organisations/ambridge/bodies/{cabinet.pk}/remove/"))
    assert "2 meetings (Cabinet, 1 July 2025; Cabinet, 3 June 2025)" in page
    assert "1 role (Jill Archer: Chair (Cabinet))" in page


def test_a_manager_renames_and_removes_directorates_portfolios_roles_and_accounts(council, client, pages, manager):
    client.force_login(manager)
    place = Directorate.objects.create(organisation=council, name="Place")
    pages.get(f"/organisations/ambridge/directorates/{place.pk}/")
    assert client.post(f"/organisations/ambridge/directorates/{place.pk}/", {"name": "Place and Growth"}).status_code == 302
    place.refresh_from_db()
    assert place.name == "Place and Growth"
    person = Person.objects.create(organisation=council, name="Kenton Archer", directorate=place)
    page = words(client.post(f"/organisations/ambridge/directorates/{place.pk}/remove/"))
    assert "Directorate “Place and Growth” cannot be removed: it is used by 1 person (Kenton Archer)" in page
    portfolio = Portfolio.objects.create(organisation=council, name="Housing")
    pages.get(f"/organisations/ambridge/portfolios/{portfolio.pk}/remove/")
    assert client.post(f"/organisations/ambridge/portfolios/{portfolio.pk}/remove/").status_code == 302
    assert not Portfolio.objects.filter(pk=portfolio.pk).exists()

    role = Role.objects.create(person=person, kind=Role.Kind.DIRECTOR, title="Director of Place")
    pages.get(f"/organisations/ambridge/people/{person.pk}/roles/{role.pk}/remove/")
    assert client.post(f"/organisations/ambridge/people/{person.pk}/roles/{role.pk}/remove/").status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()

    account = User.objects.create_user("karcher")
    client.post(f"/organisations/ambridge/people/{person.pk}/", {"form": "account", "account-username": "karcher",
                                                                  "account-role": "plan_manager"})
    assert user_role(User.objects.get(pk=account.pk)) == CivicPlanRole.PLAN_MANAGER
    client.post(f"/organisations/ambridge/people/{person.pk}/", {"form": "account", "account-username": ""})
    person.refresh_from_db()
    assert person.user is None
