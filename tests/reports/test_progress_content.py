"""What the progress report says, read from its content (the file tests read the files)."""

from __future__ import annotations

import datetime as dt


from civicplan.plans.models import Plan
from civicplan.reports.content import report_build


def test_a_plan_with_portfolios_and_pledge_areas_names_the_kind_on_each_summary_row(governance):
    text = report_build(plan=Plan.objects.get(slug="lc-business-plan-2019-20"), kind="progress",
                        as_at=dt.date(2020, 3, 1)).text()
    assert "Delivery status by pledge area or portfolio" in text
    summary = text.split("Pledge area or portfolio Red Amber Green", 1)[1].split("\nAll ", 1)[0]
    rows = [line for line in summary.splitlines()[1:] if line.strip()]  # after the rest of the header
    assert rows and all(line.startswith(("Pledge area ", "Portfolio ")) for line in rows), rows
    assert any(line.startswith("Pledge area Housing") for line in rows)
    assert any(line.startswith("Portfolio Housing and Planning") for line in rows)


def test_a_plan_under_one_kind_of_heading_keeps_plain_row_names(governance):
    text = report_build(plan=Plan.objects.get(slug="lc-shared-ambitions-2022-23"), kind="progress",
                        as_at=dt.date(2023, 3, 31)).text()
    assert "Delivery status by objective" in text
    assert "Objective Red Amber Green" in text


def test_a_plan_adopted_without_a_recorded_baseline_is_not_called_unadopted(governance):
    plan = Plan.objects.get(slug="lc-challenge-2017")  # closed; adopted before baselines were kept
    assert plan.status == "closed"
    text = report_build(plan=plan, kind="progress", as_at=dt.date(2018, 3, 1)).text()
    assert "No baseline was recorded when this plan was adopted, so there is nothing to compare with." in text
    assert "not been adopted yet" not in text


def test_a_plan_reporting_on_two_kinds_names_each_count(governance):
    text = report_build(plan=Plan.objects.get(slug="lc-business-plan-2019-20"), kind="progress",
                        as_at=dt.date(2020, 3, 1)).text()
    assert "sets out progress on the 55 pledges and 55 work areas of" in " ".join(text.split())
