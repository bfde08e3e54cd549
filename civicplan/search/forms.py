"""The search box and its filters, read from the query string."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from .query import MAX_QUERY_LENGTH, parse_query


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search words",
        required=False,
        strip=True,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": f"Search words must be {MAX_QUERY_LENGTH} characters or fewer",
        },
    )
    plan = forms.ChoiceField(label="Plan", required=False)
    kind = forms.ChoiceField(label="Kind of element", required=False)

    def __init__(self, data, *, plans, kinds):
        super().__init__(data)
        self.plans = {plan.slug: plan for plan in plans}
        self.fields["plan"].choices = [("", "All plans")] + [
            (plan.slug, f"{plan.title} ({plan.period_text})" if plan.period_text else plan.title)
            for plan in plans
        ]
        self.fields["plan"].error_messages["invalid_choice"] = (
            "There is no plan called “%(value)s” that you can search: choose a plan from the list"
        )
        self.fields["kind"].choices = [("", "All kinds")] + list(kinds)
        self.fields["kind"].error_messages["invalid_choice"] = (
            "“%(value)s” is not a kind of element in any plan: choose one from the list"
        )

    def options(self, name: str):
        """A select's options, the chosen one marked. Written here in one pass rather than by a
        template loop: the plan list has an option for every plan the organisation has."""
        chosen = self[name].value()
        return format_html_join(
            "", "<option value=\"{}\"{}>{}</option>",
            ((value, mark_safe(" selected") if value == chosen else "", label)
             for value, label in self.fields[name].choices),
        )

    @property
    def plan_options(self):
        return self.options("plan")

    @property
    def kind_options(self):
        return self.options("kind")

    def clean_q(self) -> str:
        value = self.cleaned_data["q"]
        if "q" in self.data and not value:
            raise forms.ValidationError("Enter words to search for")
        if value:
            parsed = parse_query(value)
            if parsed.is_empty and parsed.excluded:
                raise forms.ValidationError(
                    "Enter a word to search for as well as the words to leave out (those starting with -)"
                )
            if parsed.is_empty:
                raise forms.ValidationError("Enter words or numbers to search for: AND, OR and punctuation on their own find nothing")
        return value

    def clean_plan(self):
        slug = self.cleaned_data["plan"]
        return self.plans.get(slug) if slug else None
