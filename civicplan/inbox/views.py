"""The inbox: what awaits a person, and their choice of e-mails."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from civicplan.core.permissions import officer_required
from civicplan.delivery.selectors import review_contexts
from civicplan.governance.selectors import describe_change

from .forms import NotificationSettingsForm
from .selectors import inbox_for, notification_choices
from .services import notification_settings_save


@officer_required
def inbox(request):
    box = inbox_for(user=request.user)
    contexts = review_contexts(box.to_approve)
    return render(request, "inbox/inbox.html", {
        "inbox": box,
        "to_approve": [(u, contexts[u.id]) for u in box.to_approve],
        "to_decide": [(c, describe_change(c)) for c in box.to_decide],
        "requested": [(c, describe_change(c)) for c in box.requested],
        "here": reverse("inbox:inbox"),
    })


@officer_required
def notification_settings(request):
    form = NotificationSettingsForm(request.POST or None, initial=notification_choices(user=request.user))
    if request.method == "POST" and form.is_valid():
        notification_settings_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Your e-mail choices are saved.")
        return redirect("inbox:settings")
    return render(request, "inbox/settings.html", {"form": form})
