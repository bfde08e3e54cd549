"""Forms that parse what people type; the services decide what is allowed."""

from __future__ import annotations

from django import forms

from civicplan.core.forms import GovukDateField
from civicplan.organisations.models import Body

TEXT = forms.Textarea


class ReportTextForm(forms.Form):
    body = forms.ModelChoiceField(label="Committee", queryset=Body.objects.none(), required=False)
    item_no = forms.CharField(label="Item no", required=False, max_length=20)
    report_date = GovukDateField(label="Meeting date", required=False)
    summary = forms.CharField(label="Summary", required=False, max_length=20000, widget=TEXT(attrs={"rows": 6}))
    recommendations = forms.CharField(label="Recommendations", required=False, max_length=10000,
                                      widget=TEXT(attrs={"rows": 4}))
    financial_implications = forms.CharField(label="Financial implications", required=False, max_length=10000,
                                             widget=TEXT(attrs={"rows": 3}))
    legal_implications = forms.CharField(label="Legal implications", required=False, max_length=10000,
                                         widget=TEXT(attrs={"rows": 3}))
    equalities_implications = forms.CharField(label="Equalities implications", required=False, max_length=10000,
                                              widget=TEXT(attrs={"rows": 3}))

    # The history record the form was opened from: a save over a newer one is a conflict.
    seen = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].empty_label = "The plan's committee"
