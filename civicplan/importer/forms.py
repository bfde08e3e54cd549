"""Forms: the upload, and the correction of one element of a draft."""

from __future__ import annotations

from django import forms

from civicplan.plans.models import ElementKind

from .parsers import SUPPORTED
from .services import MAX_UPLOAD_BYTES, TOP_LEVEL


class UploadForm(forms.Form):
    file = forms.FileField(error_messages={"required": "Choose a document to import"})
    organisation = forms.CharField(required=False, max_length=200, error_messages={
        "max_length": "The organisation must be %(limit_value)d characters or fewer (it has %(show_value)d)"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        if suffix not in SUPPORTED:
            raise forms.ValidationError("The document must be a PDF, a Word document (.docx), or a .txt or .md file")
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The document must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
        return upload


KIND_CHOICES = [(value, label) for value, label in ElementKind.choices] + [("remove", "Not part of the plan (remove it)")]


class ElementForm(forms.Form):
    kind = forms.ChoiceField(choices=KIND_CHOICES)
    parent = forms.ChoiceField(required=False)
    title = forms.CharField(max_length=2000, error_messages={"required": "Enter a title"})
    date_text = forms.CharField(required=False, max_length=200)
    links = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, element: dict, elements: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        others = [e for e in elements if e["id"] != element["id"]]
        self.fields["parent"].choices = [("", "Top level (no parent)")] + [
            (e["id"], f"{e['kind'].replace('_', ' ').capitalize()} {e['label']} {e['title'][:70]}".replace("  ", " "))
            for e in others
        ]
        self.fields["links"].choices = [
            (e["id"], e["title"][:90]) for e in others if e["kind"] in ("sub_priority", "objective", "priority", "theme")
        ]


class BulkForm(forms.Form):
    """Several elements of a draft, and the kind or parent to give them all."""

    elements = forms.MultipleChoiceField(error_messages={
        "required": "Select the elements to change",
        "invalid_choice": "An element selected is no longer in this draft: reload the page and select again"})
    kind = forms.ChoiceField(required=False, label="Set their kind to", error_messages={
        "invalid_choice": "%(value)s is not a kind of element: choose one from the list"})
    parent = forms.ChoiceField(required=False, label="Move them under", error_messages={
        "invalid_choice": "The chosen parent is not in this draft: reload the page and choose again"})

    def __init__(self, *args, elements: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elements"].choices = [(e["id"], e["title"]) for e in elements]
        self.fields["kind"].choices = [("", "Keep each one's kind")] + list(ElementKind.choices)
        self.fields["parent"].choices = [("", "Keep each one where it is"), (TOP_LEVEL, "Top level (no parent)")] + [
            (e["id"], f"{e['kind'].replace('_', ' ').capitalize()} {e['label']} {e['title'][:70]}".replace("  ", " "))
            for e in elements
        ]

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("kind") and not data.get("parent"):
            self.add_error("kind", "Choose a kind or a parent to set for the selected elements")
        return data
