"""Approval workflows as data: the cycles councils commonly run, each step naming its body.

An organisation's workflow steps are copied from one of these templates (see
`services.workflow_apply`). A template names the kind of body that takes each step and the
name the body is usually given; applying it uses the organisation's body of that name, or
makes one. No template is tied to one organisation: an organisation chooses its template.
"""

from __future__ import annotations

from dataclasses import dataclass

from civicplan.organisations.models import Body
from civicplan.plans.models import Plan

S = Plan.Status
BodyKind = Body.Kind


@dataclass(frozen=True)
class BodyNeed:
    """The body a step needs: its usual name and kind."""

    name: str
    kind: str


@dataclass(frozen=True)
class StepTemplate:
    from_status: str
    to_status: str
    name: str
    body: BodyNeed | None = None
    needs_meeting: bool = False


@dataclass(frozen=True)
class WorkflowTemplate:
    key: str
    name: str
    description: str
    steps: tuple[StepTemplate, ...]

    @property
    def statuses(self) -> set[str]:
        """Every status a plan can be at under this workflow."""
        return {S.DRAFT} | {s.from_status for s in self.steps} | {s.to_status for s in self.steps}

    @property
    def bodies(self) -> list[BodyNeed]:
        seen: dict[str, BodyNeed] = {}
        for step in self.steps:
            if step.body is not None:
                seen.setdefault(step.body.name, step.body)
        return list(seen.values())


CABINET = BodyNeed("Cabinet", BodyKind.EXECUTIVE)
COMMITTEE = BodyNeed("Policy and Resources Committee", BodyKind.COMMITTEE)
FULL_COUNCIL = BodyNeed("Full Council", BodyKind.COMMITTEE)
EXECUTIVE = BodyNeed("Executive", BodyKind.EXECUTIVE)
LEADERS = BodyNeed("Leaders' Committee", BodyKind.COMMITTEE)

DELIVERY_STEPS = (
    StepTemplate(S.ADOPTED, S.IN_DELIVERY, "Start delivery"),
    StepTemplate(S.IN_DELIVERY, S.CLOSED, "Close the plan"),
)

CABINET_APPROVAL = WorkflowTemplate(
    key="cabinet-approval",
    name="Cabinet approval",
    description="The draft goes to Cabinet, which adopts it (at once or after a further look); then delivery.",
    steps=(
        StepTemplate(S.DRAFT, S.EXECUTIVE, "Take the draft to Cabinet", CABINET, True),
        StepTemplate(S.DRAFT, S.ADOPTED, "Adopt at Cabinet", CABINET, True),
        StepTemplate(S.EXECUTIVE, S.DRAFT, "Return the draft to officers for more work", CABINET, True),
        StepTemplate(S.EXECUTIVE, S.ADOPTED, "Adopt at Cabinet after its further look", CABINET, True),
        *DELIVERY_STEPS,
    ),
)

COMMITTEE_THEN_COUNCIL = WorkflowTemplate(
    key="committee-then-full-council",
    name="Committee then Full Council",
    description="A committee considers the draft and recommends it; Full Council adopts it; then delivery.",
    steps=(
        StepTemplate(S.DRAFT, S.EXECUTIVE, "Committee recommends the draft to Full Council", COMMITTEE, True),
        StepTemplate(S.EXECUTIVE, S.DRAFT, "Return the draft to officers for more work", COMMITTEE, True),
        StepTemplate(S.EXECUTIVE, S.ADOPTED, "Adopt at Full Council", FULL_COUNCIL, True),
        *DELIVERY_STEPS,
    ),
)

# The cycle of a politically led collective of councils: officers draft with portfolio
# holders, the Executive discusses, Leaders' Committee comments or approves, the Executive
# agrees final changes, the plan is adopted, delivered and closed.
EXECUTIVE_THEN_LEADERS = WorkflowTemplate(
    key="executive-then-leaders-committee",
    name="London Councils: Executive then Leaders' Committee",
    description=(
        "Portfolio holders shape the draft; the Executive discusses it; Leaders' Committee comments or "
        "adopts; the Executive may agree final changes; then delivery."
    ),
    steps=(
        StepTemplate(S.DRAFT, S.WITH_PORTFOLIO_HOLDERS, "Share the draft with portfolio holders"),
        StepTemplate(S.WITH_PORTFOLIO_HOLDERS, S.EXECUTIVE, "Take the draft to the Executive", EXECUTIVE, True),
        StepTemplate(S.EXECUTIVE, S.WITH_PORTFOLIO_HOLDERS, "Return to portfolio holders for more work"),
        StepTemplate(S.EXECUTIVE, S.LEADERS_COMMITTEE, "Take the plan to Leaders' Committee", LEADERS, True),
        StepTemplate(S.LEADERS_COMMITTEE, S.EXECUTIVE, "Return to the Executive for final changes", EXECUTIVE, True),
        StepTemplate(S.LEADERS_COMMITTEE, S.ADOPTED, "Adopt at Leaders' Committee", LEADERS, True),
        StepTemplate(S.EXECUTIVE, S.ADOPTED, "Adopt with the Executive's final changes", EXECUTIVE, True),
        StepTemplate(S.ADOPTED, S.IN_DELIVERY, "Start delivery"),
        StepTemplate(S.IN_DELIVERY, S.CLOSED, "Close the plan"),
    ),
)

TEMPLATES: dict[str, WorkflowTemplate] = {
    t.key: t for t in (CABINET_APPROVAL, COMMITTEE_THEN_COUNCIL, EXECUTIVE_THEN_LEADERS)
}
# What an organisation gets when it has chosen nothing: the commonest executive arrangement.
DEFAULT_TEMPLATE = CABINET_APPROVAL.key


def template_get(key: str) -> WorkflowTemplate | None:
    return TEMPLATES.get(key)
