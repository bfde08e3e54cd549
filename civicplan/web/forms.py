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
    evidence_file = forms.FileField(
        label="Evidence file", required=False, max_length=300,
        error_messages={"empty": "The evidence file is empty", "invalid": "Choose the evidence file again",
                        "max_length": "The evidence file's name must be 300 characters or fewer"},
    )
    keep_evidence = forms.BooleanField(label="Keep the file sent with the returned update", required=False)
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


# --------------------------------------------------------------------------- the plan editor

TOP = "top"  # the parent choice meaning "the top of the plan"


def _element_choice(element) -> str:
    indent = "– " * element.depth
    return f"{indent}{element.label + ' ' if element.label else ''}{element.title[:80]}"


class ElementEditForm(forms.Form):
    """An element's words, kind, place and target date; a reason once the plan is adopted."""

    title = forms.CharField(label="Title", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                            error_messages={"required": "Enter the title of the element"})
    label = forms.CharField(label="Label (optional)", required=False, max_length=20,
                            error_messages={"max_length": "The label must be 20 characters or fewer, like 2.1"})
    kind = forms.ChoiceField(label="Kind", error_messages={"required": "Choose the kind of element",
                                                           "invalid_choice": "Choose one of this plan's kinds"})
    parent = forms.ChoiceField(label="Sits under", error_messages={"invalid_choice": "Choose where it sits from the list"})
    date_text = forms.CharField(label="Target date (optional)", required=False, max_length=200,
                                error_messages={"max_length": "The target date must be 200 characters or fewer"})
    text = forms.CharField(label="Text (optional)", required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label="Reason for the change", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, levels, parents, adopted: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.adopted = adopted
        self.parents = {str(e.id): e for e in parents}
        self.fields["kind"].choices = [(level.kind, level.name) for level in levels]
        self.fields["parent"].choices = [(TOP, "The top of the plan")] + [(str(e.id), _element_choice(e)) for e in parents]
        if adopted:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = (
                "Give the reason for the change: it is shown with the change in every report")
            for name in ("kind", "parent", "label"):
                self.fields[name].required = False
                self.fields[name].disabled = True

    def clean_parent(self):
        value = self.cleaned_data.get("parent")
        return None if value in (TOP, "", None) else self.parents[value]


class ElementOwnersForm(forms.Form):
    owner_person = forms.ModelChoiceField(label="Owner", required=False, queryset=None, empty_label="No one")
    deputy_person = forms.ModelChoiceField(label="Deputy", required=False, queryset=None, empty_label="No one")
    team = forms.ModelChoiceField(label="Team", required=False, queryset=None, empty_label="No team")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = organisation.people.order_by("name")
        self.fields["owner_person"].queryset = people
        self.fields["deputy_person"].queryset = people
        self.fields["team"].queryset = organisation.directorates.order_by("name")
        for name in self.fields:
            self.fields[name].error_messages["invalid_choice"] = "Choose from the list"


class ElementRemoveForm(forms.Form):
    reason = forms.CharField(label="Reason for dropping it", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class BulkForm(forms.Form):
    """Many elements at once: one action, all of them or none."""

    elements = forms.MultipleChoiceField(label="Elements", error_messages={
        "required": "Select at least one element", "invalid_choice": "Select elements from the list"})
    action = forms.ChoiceField(label="Set for the selected elements", widget=forms.RadioSelect, choices=[
        ("owner", "Set their owner"), ("parent", "Move them under another element"), ("kind", "Change their kind")],
        error_messages={"required": "Choose what to set for the selected elements"})
    owner = forms.ChoiceField(label="New owner", required=False)
    parent = forms.ChoiceField(label="New place: under", required=False)
    kind = forms.ChoiceField(label="New kind", required=False)

    def __init__(self, *args, elements, people, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_id = {str(e.id): e for e in elements}
        self.people = {str(p.id): p for p in people}
        self.fields["elements"].choices = [(key, str(e)) for key, e in self.by_id.items()]
        self.fields["owner"].choices = [("", "Choose a person"), ("none", "No one")] + [
            (key, p.name) for key, p in self.people.items()]
        self.fields["parent"].choices = [("", "Choose where they sit"), (TOP, "The top of the plan")] + [
            (key, _element_choice(e)) for key, e in self.by_id.items()]
        self.fields["kind"].choices = [("", "Choose a kind")] + [(level.kind, level.name) for level in levels]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action and not data.get(action):
            self.add_error(action, {"owner": "Choose the owner", "parent": "Choose where they sit",
                                    "kind": "Choose the kind"}[action])
        return data

    def changes(self) -> dict:
        """The service's keyword for the chosen action, with its value."""
        data = self.cleaned_data
        action, value = data["action"], data[data["action"]]
        if action == "owner":
            return {"owner_person": None if value == "none" else self.people[value]}
        if action == "parent":
            return {"parent": None if value == TOP else self.by_id[value]}
        return {"kind": value}

    def selected(self) -> list:
        return [self.by_id[key] for key in self.cleaned_data["elements"]]
