"""Who someone is at a single sign-on provider."""

from django.conf import settings
from django.db import models


class SignInIdentity(models.Model):
    """A CivicPlan account's identity at an OpenID Connect provider: its issuer and `sub`.

    Accounts are matched by `sub`, never by e-mail address: an address can be reused or
    changed at the provider, a subject identifier cannot.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_identities"
    )
    issuer = models.CharField(max_length=500, help_text="The provider that vouches for the subject.")
    subject = models.CharField(max_length=255, help_text="The provider's `sub` claim: never reused.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)
    roles_granted = models.JSONField(
        default=list, blank=True, help_text="The CivicPlan roles the last sign-in's claims gave."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sign_in_identity_unique_subject")
        ]
        verbose_name_plural = "sign-in identities"

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
