"""Administrators see which provider identity each single sign-on account is tied to, and can
unlink one (the person then gets a new account at their next sign-in)."""

from django.contrib import admin

from .models import SignInIdentity


@admin.register(SignInIdentity)
class SignInIdentityAdmin(admin.ModelAdmin):
    list_display = ("user", "subject", "issuer", "roles_granted", "last_sign_in_at")
    search_fields = ("user__username", "subject")
    readonly_fields = ("user", "issuer", "subject", "created_at", "last_sign_in_at", "roles_granted")

    def has_add_permission(self, request):
        return False  # made by signing in, never typed
