"""Every date field reads a date the same way: GOV.UK day, month and year boxes, or the whole
date typed in one box (31/01/2025, 31/1/25, 2025-01-31), with the GOV.UK messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms

from civicplan.core.forms import GovukDateField
from civicplan.governance.forms import ConsultationNoteForm, MeetingForm, ReportingDateForm
from civicplan.organisations.forms import RoleForm
from civicplan.organisations.models import Body, Organisation
from civicplan.reports.forms import ReportTextForm
from civicplan.web.forms import ProgressUpdateForm
from tests.conftest import text_of

JAN_31 = dt.date(2025, 1, 31)


class OneDate(forms.Form):
    date = GovukDateField(label="Date")


def read(data: dict) -> tuple[dt.date | None, list[str]]:
    form = OneDate(data)
    return (form.cleaned_data["date"], []) if form.is_valid() else (None, form.errors["date"])


@pytest.mark.parametrize("data", [
    {"date_day": "31", "date_month": "1", "date_year": "2025"},
    {"date_day": "31", "date_month": "01", "date_year": "25"},
    {"date_day": "31", "date_month": "Jan", "date_year": "2025"},
    {"date_day": "31/01/2025", "date_month": "", "date_year": ""},
    {"date_day": "31/1/25", "date_month": "", "date_year": ""},
    {"date_day": "", "date_month": "", "date_year": "2025-01-31"},
    {"date_day": " 31 January 2025 ", "date_month": "", "date_year": ""},
    {"date": "2025-01-31"},
    {"date": "31.01.2025"},
])
def test_the_boxes_and_a_typed_date_read_the_same_day(data):
    assert read(data) == (JAN_31, [])


@pytest.mark.parametrize(("data", "message"), [
    ({"date_day": "31", "date_month": "", "date_year": "2025"}, "Date must include a month"),
    ({"date_day": "", "date_month": "", "date_year": "2025"}, "Date must include a day and month"),
    ({"date_day": "31", "date_month": "1", "date_year": ""}, "Date must include a year"),
    ({"date_day": "30", "date_month": "2", "date_year": "2025"}, "Date must be a real date"),
    ({"date_day": "x", "date_month": "2", "date_year": "2025"}, "Date must be a real date"),
    ({"date_day": "1", "date_month": "2", "date_year": "202"}, "Year must include 4 numbers"),
    ({"date_day": "1", "date_month": "2", "date_year": "1850"}, "Date must be between 1990 and 2100"),
    ({"date_day": "31/02/2025", "date_month": "", "date_year": ""}, "Date must be a real date"),
    ({"date_day": "31/01", "date_month": "", "date_year": ""}, "Date must include a year"),
    ({"date": "yesterday"}, "Date must be a real date"),
    ({"date_day": "", "date_month": "", "date_year": ""}, "Enter the date"),
])
def test_a_date_that_cannot_be_read_gets_the_govuk_message(data, message):
    assert read(data) == (None, [message])


def test_messages_name_the_field_and_the_boxes_keep_what_was_typed():
    class Achieved(forms.Form):
        achieved = GovukDateField(label="Date achieved (optional)", required=False)

    form = Achieved({"achieved_day": "12", "achieved_month": "", "achieved_year": "2024"})
    assert form.errors["achieved"] == ["Date achieved must include a month"]
    html = str(form["achieved"])
    assert 'class="govuk-date-input"' in html and 'name="achieved_day"' in html and 'value="12"' in html
    assert 'id="id_achieved"' in html and 'id="id_achieved-month"' in html  # the error summary's link lands on Day
    assert html.count("govuk-input--error") == 3
    assert 'value="2024"' in str(Achieved(initial={"achieved": dt.date(2024, 5, 1)})["achieved"])


def boxes(name: str, day: dt.date) -> dict:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def typed(name: str, day: dt.date) -> dict:
    return {f"{name}_day": day.strftime("%d/%m/%Y"), f"{name}_month": "", f"{name}_year": ""}


@pytest.mark.parametrize("way", [boxes, typed], ids=["boxes", "typed"])
def test_every_web_form_with_a_date_accepts_both_ways(seeded, way):
    organisation = Organisation.objects.create(name="Ambridge District Council", slug="ambridge")
    cabinet = Body.objects.create(organisation=organisation, name="Cabinet")
    day = dt.date(2024, 3, 28)

    progress = ProgressUpdateForm({"rag": "green", "percent_complete": "50", **way("achieved_date", day),
                                   **way("as_at", day)})
    assert progress.is_valid(), progress.errors
    assert (progress.cleaned_data["achieved_date"], progress.cleaned_data["as_at"]) == (day, day)

    meeting = MeetingForm({"body": cabinet.pk, **way("date", day)}, bodies=Body.objects.filter(pk=cabinet.pk))
    assert meeting.is_valid(), meeting.errors
    assert meeting.cleaned_data["date"] == day

    reporting = ReportingDateForm({**way("date", day), "remind_days_before": "7"})
    assert reporting.is_valid() and reporting.cleaned_data["date"] == day

    note = ConsultationNoteForm({"element": "", "text": "x", **way("consulted_on", day)}, elements=[])
    note.is_valid()
    assert "consulted_on" not in note.errors and note.cleaned_data["consulted_on"] == day

    report = ReportTextForm({**way("report_date", day)}, bodies=Body.objects.none())
    assert report.is_valid(), report.errors
    assert report.cleaned_data["report_date"] == day

    role = RoleForm({"kind": "other", **way("start", day), **way("end", day)}, organisation=organisation)
    assert role.is_valid(), role.errors
    assert role.cleaned_data["start"] == day


@pytest.mark.parametrize("typed_as", ["2023-03-31", "31/03/2023", "31/3/23"])
def test_the_as_at_picker_reads_a_date_typed_either_way(seeded, client, typed_as):
    page = text_of(client.get("/plans/lc-shared-ambitions-2022-23/dashboard/", {"as_at": typed_as}).content.decode())
    assert "Status as at 31 March 2023" in page
