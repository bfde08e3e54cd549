"""Forms that parse what people type; services decide what is allowed."""

from __future__ import annotations

import datetime as dt

from django import forms

from civicplan.core.forms import GovukDateField
from civicplan.delivery.models import RAG_DEFINITIONS, Rag


class ProgressUpdateForm(forms.Form):
    rag = forms.ChoiceField(
        label="Status", choices=[(r.value, r.label) for r in Rag], widget=forms.RadioSelect,
        error_messages={"required": "Select a status"},
    )
    percent_complete = forms.IntegerField(
        label="Percent complete", min_value=0, max_value=100,
        error_messages={
            "required": "Enter the percent complete, from 0 to 100",
            "invalid": "Percent complete must be a whole number, like 40",
            "min_value": "Percent complete must be 0 or more",
            "max_value": "Percent complete must be 100 or less",
        },
    )
    commentary = forms.CharField(
        label="Commentary", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Commentary must be 5,000 characters or fewer"},
    )
    commentary_internal = forms.BooleanField(label="Internal only: do not publish this commentary", required=False)
    evidence_url = forms.URLField(
        label="Evidence link", required=False, max_length=500, assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.example.org/report.pdf"},
    )
    achieved_date = GovukDateField(label="Date achieved (for a complete milestone)", error_name="Date achieved",
                                   required=False)
    as_at = GovukDateField(label="Status as at", required=False)

    def rag_choices_with_definitions(self):
        return [(r.value, r.label, RAG_DEFINITIONS[r]) for r in Rag]

    def clean_as_at(self):
        value = self.cleaned_data.get("as_at")
        if value and value > dt.date.today() + dt.timedelta(days=1):
            raise forms.ValidationError("The status date cannot be in the future")
        return value


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("return", "Return")],
        error_messages={"required": "Choose approve or return", "invalid_choice": "Choose approve or return"},
    )
    comment = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), error_messages={
        "max_length": "The comment must be %(limit_value)d characters or fewer (it has %(show_value)d)"})
