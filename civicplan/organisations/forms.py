"""Forms for setting an organisation up: they parse what people type; the services decide."""

from __future__ import annotations

import calendar

from django import forms

from civicplan.core.forms import GovukDateField
from civicplan.core.permissions import GROUP_FOR_ROLE

from .models import Body, Organisation, Role

NAME_ERRORS = {"required": "Enter the name", "max_length": "The name must be 200 characters or fewer"}


class OrganisationForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages=NAME_ERRORS)
    short_name = forms.CharField(label="Short name (optional)", required=False, max_length=50)


class SettingsForm(OrganisationForm):
    financial_year_start_month = forms.TypedChoiceField(
        label="Financial year starts in", coerce=int,
        choices=[(n, calendar.month_name[n]) for n in range(1, 13)],
        error_messages={"required": "Choose the month the financial year starts",
                        "invalid_choice": "Choose a month from the list"},
    )
    quarter_convention = forms.ChoiceField(
        label="Quarters in target dates", choices=Organisation.QuarterConvention.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose how quarters are counted"},
        help_text="How a target date such as “Q2 2025” is read. Dates already read keep their reading.",
    )
    manager_may_approve_own_work = forms.TypedChoiceField(
        label="May a plan manager approve their own update or change request?", widget=forms.RadioSelect,
        coerce=lambda value: value == "yes", choices=[("yes", "Yes"), ("no", "No, someone else must approve it")],
        error_messages={"required": "Choose whether a plan manager may approve their own work"},
    )


class BodyForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages=NAME_ERRORS)
    short_name = forms.CharField(label="Short name (optional)", required=False, max_length=50)
    kind = forms.ChoiceField(label="Kind of body", choices=Body.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of body"})
    meets = forms.CharField(label="How often it meets (optional)", required=False, max_length=200,
                            help_text="For example, monthly except August")
    description = forms.CharField(label="Description (optional)", required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    approves_plans = forms.TypedChoiceField(
        label="Does it approve or adopt plans?", widget=forms.RadioSelect, coerce=lambda value: value == "yes",
        choices=[("yes", "Yes"), ("no", "No")], error_messages={"required": "Choose whether it approves plans"},
    )


class NameForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages=NAME_ERRORS)


class PersonForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=200, error_messages={
        "required": "Enter the person’s full name", "max_length": "The name must be 200 characters or fewer"})
    email = forms.EmailField(label="Email address (optional)", required=False, max_length=254, error_messages={
        "invalid": "Enter an email address in the correct format, like name@example.com"})
    telephone = forms.CharField(label="Telephone (optional)", required=False, max_length=50)
    directorate = forms.ModelChoiceField(label="Directorate (optional)", required=False, queryset=None)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directorate"].queryset = organisation.directorates.order_by("name")
        self.fields["directorate"].empty_label = "None"


ROLE_CHOICES = [("", "Leave as it is")] + [(role.name.lower(), role.label) for role in GROUP_FOR_ROLE]


class AccountForm(forms.Form):
    username = forms.CharField(label="Sign-in name (optional)", required=False, max_length=150,
                               help_text="The account this person signs in with. Leave empty to unlink.")
    role = forms.ChoiceField(label="Role in CivicPlan", required=False, choices=ROLE_CHOICES, widget=forms.RadioSelect)


class RoleForm(forms.Form):
    kind = forms.ChoiceField(label="Role", choices=[("", "Choose a role")] + list(Role.Kind.choices),
                             error_messages={"required": "Choose the role"})
    title = forms.CharField(label="Job title as printed (optional)", required=False, max_length=200)
    body = forms.ModelChoiceField(label="Body (for a Chair or member)", required=False, queryset=None)
    portfolio = forms.ModelChoiceField(label="Portfolio (for a portfolio holder)", required=False, queryset=None)
    directorate = forms.ModelChoiceField(label="Directorate (optional)", required=False, queryset=None)
    start = GovukDateField(label="Start date (optional)", error_name="Start date", required=False)
    end = GovukDateField(label="End date (optional)", error_name="End date", required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (("body", organisation.bodies), ("portfolio", organisation.portfolios),
                               ("directorate", organisation.directorates)):
            self.fields[name].queryset = queryset.order_by("name")
            self.fields[name].empty_label = "None"

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "End date must be the same as or after the start date")
        return data
