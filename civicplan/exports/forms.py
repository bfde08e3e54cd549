"""The upload form: it only takes the file; services.progress_upload_apply reads and checks it."""

from __future__ import annotations

from django import forms

from .upload import MAX_UPLOAD_BYTES


class ProgressUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a CSV or XLSX file of progress updates",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV or XLSX file of progress updates",
        },
    )
    check_only = forms.BooleanField(label="Check the file only: do not save anything", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"
            )
        return upload
