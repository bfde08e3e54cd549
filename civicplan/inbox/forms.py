from django import forms

from .models import NOTIFICATION_KINDS, NotificationSettings


class NotificationSettingsForm(forms.Form):
    """One checkbox per kind of e-mail; labels and hints come from the model, said once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NOTIFICATION_KINDS:
            model_field = NotificationSettings._meta.get_field(kind)
            self.fields[kind] = forms.BooleanField(
                label=model_field.verbose_name, help_text=model_field.help_text, required=False
            )
