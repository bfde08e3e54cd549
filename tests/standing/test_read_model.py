"""One read model for the plan on a date: pages and reports count the same things, and the
apps that write (delivery, governance) read the plan through it, never through each other."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from civicplan.plans.models import Plan
from civicplan.reports.content import report_build
from tests.conftest import text_of
from tests.governance.fixtures import governance  # noqa: F401

CIVICPLAN = Path(__file__).resolve().parents[2] / "civicplan"
RAGS = ("not_started", "green", "amber", "red", "complete")  # the dashboard's column order


def _dashboard_totals(pages, plan: Plan, as_at: dt.date) -> dict[str, int]:
    html = pages.get(f"/plans/{plan.slug}/dashboard/?as_at={as_at.isoformat()}").content.decode()
    if "This plan has nothing dated to track." in text_of(html):
        return dict.fromkeys((*RAGS, "none", "total"), 0)
    row = re.search(r'<th scope="row" class="govuk-table__header">All</th>(.*?)</tr>', html, re.S)
    assert row, f"{plan.slug}: the dashboard has no All row"
    numbers = [int(n) for n in re.findall(r">\s*(\d+)\s*<", row.group(1))]
    return dict(zip((*RAGS, "none", "total"), numbers, strict=True))


def _report_totals(plan: Plan, as_at: dt.date) -> dict[str, int]:
    text = " ".join(report_build(plan=plan, kind="progress", as_at=as_at).text().split())
    found = re.search(
        r"sets out progress on the (.+?) of .+?: (\d+) complete, (\d+) on track \(green\), (\d+) at risk "
        r"\(amber\), (\d+) off track \(red\), (\d+) not started and (\d+) with no update", text,
    )
    assert found, f"{plan.slug}: the report's summary is missing"
    phrase, complete, green, amber, red, not_started, none = found.groups()
    return {
        "complete": int(complete), "green": int(green), "amber": int(amber), "red": int(red),
        "not_started": int(not_started), "none": int(none),
        "total": sum(int(n) for n in re.findall(r"(\d+) [a-z]", phrase)),
    }


@pytest.mark.django_db
def test_the_dashboard_and_the_progress_report_count_the_same_on_every_seed_plan(governance, pages):  # noqa: F811
    plans = list(Plan.objects.order_by("period_start"))
    assert len(plans) >= 5
    for plan in plans:
        as_at = plan.period_end or dt.date.today()
        dashboard, report = _dashboard_totals(pages, plan, as_at), _report_totals(plan, as_at)
        assert dashboard == report, f"{plan.slug} as at {as_at}: dashboard {dashboard}, report {report}"
        assert dashboard["total"] == sum(dashboard[key] for key in (*RAGS, "none"))


@pytest.mark.django_db
def test_a_plan_reporting_on_pledges_and_work_areas_counts_both_on_every_page(governance, pages):  # noqa: F811
    plan = Plan.objects.get(slug="lc-business-plan-2019-20")
    as_at = dt.date(2020, 3, 1)
    dashboard = text_of(pages.get(f"/plans/{plan.slug}/dashboard/?as_at={as_at.isoformat()}").content.decode())
    public = text_of(pages.get(f"/public/plans/{plan.slug}/?as_at={as_at.isoformat()}").content.decode())
    report = " ".join(report_build(plan=plan, kind="progress", as_at=as_at).text().split())
    assert "sets out progress on the 55 pledges and 55 work areas of" in report
    assert _dashboard_totals(pages, plan, as_at)["total"] == 110
    assert "Work areas and pledges by status" in dashboard
    assert "Status of the 110 deliverables" in public


def _imports(package: str) -> set[str]:
    """Every module a package's source imports (at the top or inside functions)."""
    found = set()
    for path in (CIVICPLAN / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


def test_delivery_and_governance_do_not_import_each_other():
    assert not {m for m in _imports("delivery") if m.startswith("civicplan.governance")}
    assert not {m for m in _imports("governance") if m.startswith("civicplan.delivery")}


def test_the_read_model_reads_only_the_models_of_the_apps_it_serves():
    """standing sits above delivery and governance: it may read their tables and hear the events
    they announce (to keep statuses after an approval), never use their selectors, services or
    views (which read from it)."""
    for module in _imports("standing"):
        if module.startswith(("civicplan.delivery", "civicplan.governance")):
            assert module.endswith((".models", ".signals")), module


def test_each_kind_list_is_defined_once():
    names = re.compile(r"^(GROUP_KINDS|TRACKED_KINDS|NO_PROGRESS_KINDS)\s*=", re.M)
    defined = [
        (str(path.relative_to(CIVICPLAN)), match.group(1))
        for path in CIVICPLAN.rglob("*.py") for match in names.finditer(path.read_text())
    ]
    assert sorted(defined) == [
        ("standing/kinds.py", "GROUP_KINDS"), ("standing/kinds.py", "NO_PROGRESS_KINDS"),
        ("standing/kinds.py", "TRACKED_KINDS"),
    ]
