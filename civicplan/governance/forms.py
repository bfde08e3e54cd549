"""Forms that parse what people type; the services decide what is allowed."""

from __future__ import annotations

from django import forms

from civicplan.core.forms import GovukDateField
from civicplan.organisations.models import Body
from civicplan.plans.models import Plan

from .models import ChangeRequest, Decision

DATE_ERRORS = {"required": "Enter the date"}


class RecordDateField(GovukDateField):
    """A date typed for a plan's record: the GOV.UK date input, 1990 to 2100 (core.forms)."""


class DecisionForm(forms.Form):
    to_status = forms.ChoiceField(label="What happens to the plan", widget=forms.RadioSelect,
                                  error_messages={"required": "Choose what happens to the plan"})
    meeting = forms.ChoiceField(label="Meeting", required=False)
    item_no = forms.CharField(label="Agenda item number", required=False, max_length=20)
    decision = forms.ChoiceField(label="Decision", choices=Decision.Outcome.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Choose what the meeting decided"})
    note = forms.CharField(label="Minute or comments", required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, steps, meetings, current_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [("", f"Stays {current_label.lower()}: record a decision only")] + [
            (step.to_status, f"{step.name} ({step.get_to_status_display()})") for step in steps
        ]
        self.fields["to_status"].required = False
        self.meetings = {str(m.pk): m for m in meetings}
        self.fields["meeting"].choices = [("", "No meeting")] + [(str(m.pk), str(m)) for m in meetings]

    def clean_meeting(self):
        value = self.cleaned_data.get("meeting")
        return self.meetings.get(value) if value else None


class WorkflowTemplateForm(forms.Form):
    template = forms.ChoiceField(label="Workflow", widget=forms.RadioSelect,
                                 error_messages={"required": "Choose a workflow",
                                                 "invalid_choice": "Choose one of the workflows listed"})

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.key, f"{t.name}: {t.description}") for t in templates]


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(label="Body", queryset=Body.objects.none(),
                                  error_messages={"required": "Choose the body that meets"})
    date = RecordDateField(label="Date", error_messages={"required": "Enter the date of the meeting"})
    item_no = forms.CharField(label="Agenda item number (optional)", required=False, max_length=20)
    plan = forms.ModelChoiceField(label="Plan the item is about (optional)", queryset=Plan.objects.none(),
                                  required=False)
    item_title = forms.CharField(label="Item title (optional)", required=False, max_length=300)

    def __init__(self, *args, bodies, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].empty_label = "Choose a body"
        # Two councils may each have a "Cabinet": name the organisation when more than one is listed.
        if len({body.organisation_id for body in bodies}) > 1:
            self.fields["body"].label_from_instance = lambda body: f"{body.name} ({body.organisation.name})"
        self.fields["plan"].queryset = plans if plans is not None else Plan.objects.none()
        self.fields["plan"].empty_label = "No plan"

    def clean(self):
        data = super().clean()
        if (data.get("plan") or data.get("item_title", "").strip()) and not data.get("item_no", "").strip():
            self.add_error("item_no", "Enter the agenda item number, for example 4")
        elif data.get("item_no", "").strip() and not data.get("plan") and not data.get("item_title", "").strip():
            self.add_error("item_title", "Enter what the item is about, or choose its plan")
        return data


class ChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Change", choices=ChangeRequest.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose re-date, re-scope, drop or add"})
    element = forms.ChoiceField(label="Element", error_messages={"required": "Choose the element to change"})
    date_text = forms.CharField(label="New target date", required=False, max_length=200)
    title = forms.CharField(label="New wording (re-scope or add)", required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Give the reason for the change"})

    def __init__(self, *args, elements, **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = {e.key: e for e in elements}
        self.fields["element"].choices = [("", "Choose an element")] + [
            (e.key, f"{e.label + ' ' if e.label else ''}{e.title[:90]}{' (' + e.date_text + ')' if e.date_text else ''}")
            for e in elements
        ]

    def clean_element(self):
        key = self.cleaned_data.get("element")
        if key not in self.elements:
            raise forms.ValidationError("Choose one of the elements you can change")
        return self.elements[key]


class ChangeDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")],
                                 error_messages={"required": "Choose approve or reject",
                                                 "invalid_choice": "Choose approve or reject"})
    comment = forms.CharField(required=False, max_length=2000, error_messages={
        "max_length": "The comment must be %(limit_value)d characters or fewer (it has %(show_value)d)"})


class ConsultationNoteForm(forms.Form):
    element = forms.ChoiceField(label="Portfolio or section",
                                error_messages={"required": "Choose the portfolio or section the note is about"})
    text = forms.CharField(label="Note", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Enter the note, for example how early the portfolio "
                                                       "holder was involved"})
    consulted_on = RecordDateField(label="Consulted on (optional)", error_name="Date consulted", required=False)

    def __init__(self, *args, elements, **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = {e.key: e for e in elements}
        self.fields["element"].choices = [("", "Choose a portfolio or section")] + [
            (e.key, f"{e.label + ' ' if e.label else ''}{e.title[:90]}") for e in elements
        ]

    def clean_element(self):
        key = self.cleaned_data.get("element")
        if key not in self.elements:
            raise forms.ValidationError("Choose one of the plan's portfolios or sections")
        return self.elements[key]


class ReportingDateForm(forms.Form):
    date = RecordDateField(label="Progress due by", error_name="Date progress is due",
                           error_messages={"required": "Enter the date progress is due"})
    remind_days_before = forms.IntegerField(label="Remind owners this many days before", min_value=0,
                                            max_value=90, initial=14)
