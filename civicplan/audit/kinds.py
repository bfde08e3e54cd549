"""The eighteen kinds of change CivicPlan records, and where each one's record lives.

Most are the history of the row that changed (django-simple-history: who, when, the values
before and after). Decisions and baselines are append-only rows (ADR 0026): the row is the
record. Token and password events are `core.AuditEvent` rows. Sign-ins, failed and successful,
are django-axes' access logs. ADR 0029 lists them in a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model

from civicplan.core.models import AuditEvent
from civicplan.delivery.models import ProgressUpdate
from civicplan.governance.models import (
    AgendaItem,
    Baseline,
    ChangeRequest,
    ConsultationNote,
    Decision,
    Meeting,
    ReportingDate,
    WorkflowStep,
)
from civicplan.organisations.models import Body, Directorate, Organisation, Person, Portfolio, Role
from civicplan.plans.models import Element, ElementLink, Plan
from civicplan.reports.models import ReportText


@dataclass(frozen=True)
class Source:
    """One model whose records belong to a kind, and how to reach its plan and organisation."""

    model: type
    plan: str = ""  # lookup from the record to its plan's id ("" when it has none)
    organisation: str = ""  # lookup to its organisation's id


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    sources: tuple[Source, ...]
    # "history": the models' historical records; "rows": append-only rows (the row is the
    # record); "events": core.AuditEvent rows of `events`; "signins": axes' access logs.
    style: str = "history"
    when: str = "created_at"  # for rows and events: the date-time and the user
    who: str = "created_by"
    events: tuple[str, ...] = ()


def _src(model, plan="", organisation="") -> tuple[Source, ...]:
    return (Source(model, plan, organisation),)


KINDS: tuple[Kind, ...] = (
    Kind("plan", "Plan details and front matter", _src(Plan, "id", "organisation_id")),
    Kind("element", "Plan elements", _src(Element, "plan_id", "plan__organisation_id")),
    Kind("link", "Links between elements, lineage included",
         _src(ElementLink, "plan_id", "plan__organisation_id")),
    Kind("progress", "Progress updates, approvals and returns",
         _src(ProgressUpdate, "plan_id", "plan__organisation_id")),
    Kind("change_request", "Change requests and their decisions",
         _src(ChangeRequest, "plan_id", "plan__organisation_id")),
    Kind("decision", "Decisions on a plan's status", _src(Decision, "plan_id", "plan__organisation_id"),
         style="rows", who="recorded_by"),
    Kind("baseline", "Adopted baselines", _src(Baseline, "plan_id", "plan__organisation_id"), style="rows"),
    Kind("consultation", "Consultation notes",
         _src(ConsultationNote, "element__plan_id", "element__plan__organisation_id")),
    Kind("reporting_date", "Reporting dates", _src(ReportingDate, "plan_id", "plan__organisation_id")),
    Kind("report_text", "Report texts", _src(ReportText, "plan_id", "plan__organisation_id")),
    Kind("meeting", "Meetings and agenda items", (
        Source(Meeting, "", "body__organisation_id"),
        Source(AgendaItem, "plan_id", "meeting__body__organisation_id"),
    )),
    Kind("workflow", "Workflow steps", _src(WorkflowStep, "", "organisation_id")),
    Kind("organisation", "Organisation settings", _src(Organisation, "", "id")),
    Kind("structure", "Bodies, directorates and portfolios", (
        Source(Body, "", "organisation_id"), Source(Directorate, "", "organisation_id"),
        Source(Portfolio, "", "organisation_id"),
    )),
    Kind("person", "People and their roles in the organisation", (
        Source(Person, "", "organisation_id"), Source(Role, "", "person__organisation_id"),
    )),
    Kind("account", "Sign-in accounts and their CivicPlan roles", _src(get_user_model())),
    Kind("token", "API tokens and passwords", _src(AuditEvent), style="events", when="at", who="actor",
         events=(AuditEvent.Kind.TOKEN_CREATED, AuditEvent.Kind.TOKEN_REVOKED, AuditEvent.Kind.PASSWORD_CHANGED)),
    Kind("signin", "Sign-ins, failed and successful", (Source(AccessFailureLog), Source(AccessLog)),
         style="signins", when="attempt_time"),
)
assert len(KINDS) == 18, "ADR 0029 lists eighteen kinds"
BY_KEY = {kind.key: kind for kind in KINDS}
