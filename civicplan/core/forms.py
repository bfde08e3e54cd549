"""The one date field every web form uses: GOV.UK day, month and year boxes that also take a
whole date typed in one box (31/01/2025, 31/1/25, 2025-01-31), read by `core.dates` (ADR 0024)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from .dates import DateInputError, date_from_parts, date_from_text

PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


class GovukDateInput(forms.Widget):
    """The govuk-date-input markup. The day box takes the field's id, so a label or an error
    summary link to the field lands in the first box; the others add "-month" and "-year"."""

    input_type = "date-parts"  # what a field template checks to render the date input

    def value_from_datadict(self, data, files, name):
        if name in data:  # one typed value, e.g. a link or script sending ?date=2025-01-31
            return data.get(name)
        return tuple(data.get(f"{name}_{part}", "") for part, _, _ in PARTS)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}_{part}" in data for part, _, _ in PARTS)

    def format_value(self, value):
        if isinstance(value, dt.date):
            return (str(value.day), str(value.month), str(value.year))
        if isinstance(value, (list, tuple)):
            return tuple(value) + ("",) * (3 - len(value))
        if isinstance(value, str) and value:
            try:
                return self.format_value(dt.date.fromisoformat(value))
            except ValueError:
                return (value, "", "")
        return ("", "", "")

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.get("id") or f"id_{name}"
        error = " govuk-input--error" if attrs.get("aria-invalid") == "true" else ""
        values = self.format_value(value)
        items = []
        for (part, label, width), part_value in zip(PARTS, values, strict=True):
            part_id = base_id if part == "day" else f"{base_id}-{part}"
            items.append((part_id, label, width, error, part_id, f"{name}_{part}", part_value or ""))
        return format_html(
            '<div class="govuk-date-input" id="{}-input">{}</div>', base_id,
            format_html_join(
                "", '<div class="govuk-date-input__item"><div class="govuk-form-group">'
                '<label class="govuk-label govuk-date-input__label" for="{}">{}</label>'
                '<input class="govuk-input govuk-date-input__input govuk-input--width-{}{}" id="{}" name="{}" '
                'type="text" inputmode="text" value="{}"></div></div>',  # text, not numeric: "31/01/2025" or "Jan" may be typed
                items,
            ),
        )

    def id_for_label(self, id_):
        return id_


class GovukDateField(forms.Field):
    """A date from the three boxes or one typed value, with the GOV.UK messages naming the field.

    `error_name` is how messages name the field ("Date achieved must include a month"); it
    defaults to the label. A whole date typed into any one box, the others left empty, is read.
    """

    widget = GovukDateInput

    def __init__(self, *, error_name: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.error_name = error_name
        if "required" not in (kwargs.get("error_messages") or {}):
            self.error_messages["required"] = f"Enter the {self._name()[0].lower()}{self._name()[1:]}"

    def _name(self) -> str:
        name = self.error_name or (str(self.label) if self.label else "Date")
        return name.replace(" (optional)", "")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            if isinstance(value, (list, tuple)):
                filled = [str(v).strip() for v in value if str(v or "").strip()]
                if len(filled) == 1 and not filled[0].isdigit():
                    return date_from_text(filled[0], label=self._name())
                return date_from_parts(*(list(value) + ["", "", ""])[:3], label=self._name())
            return date_from_text(str(value), label=self._name())
        except DateInputError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


def errors_to_form(form, exc: ValidationError) -> None:
    """A service's ValidationError shown on the form: each message at its field when the form has
    one, else above the form (in the error summary)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)
