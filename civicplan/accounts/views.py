"""Passwords: changed by their owner, reset by e-mail (Django's views, GOV.UK pages)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy


class PasswordChange(LoginRequiredMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change-done")


class PasswordChangeDone(LoginRequiredMixin, auth_views.PasswordChangeDoneView):
    template_name = "accounts/message.html"
    extra_context = {
        "heading": "Your password has been changed",
        "body": "Use your new password next time you sign in. Any API token you had has been revoked: "
        "make a new one on the API token page if you need it.",
    }


class PasswordReset(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form):
        # The link is written from SITE_URL, as reminder e-mails are, not from the request's Host.
        site = urlsplit(settings.SITE_URL)
        self.extra_email_context = {"domain": site.netloc, "protocol": site.scheme, "site_name": "CivicPlan"}
        return super().form_valid(form)


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "accounts/message.html"
    extra_context = {
        "heading": "Check your e-mail",
        "body": "If an account with a password uses that address, we have sent it a link to choose a new "
        "password. The link works once, for 3 days. Accounts that sign in with single sign-on change "
        "their password with their organisation.",
    }


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "accounts/message.html"
    extra_context = {
        "heading": "Your password has been reset",
        "body": "You can now sign in with your new password. Any API token you had has been revoked.",
        "sign_in_link": True,
    }
