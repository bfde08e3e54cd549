from django.urls import path

from . import oidc, views

app_name = "accounts"

urlpatterns = [
    path("account/password/", views.PasswordChange.as_view(), name="password-change"),
    path("account/password/changed/", views.PasswordChangeDone.as_view(), name="password-change-done"),
    path("sign-in/forgotten-password/", views.PasswordReset.as_view(), name="password-reset"),
    path("sign-in/forgotten-password/sent/", views.PasswordResetSent.as_view(), name="password-reset-sent"),
    path("sign-in/reset/<uidb64>/<token>/", views.PasswordResetConfirm.as_view(), name="password-reset-confirm"),
    path("sign-in/reset/done/", views.PasswordResetComplete.as_view(), name="password-reset-complete"),
    path("sign-in/sso/", oidc.SingleSignOnStart.as_view(), name="sso-start"),
    path("sign-in/sso/callback/", oidc.SingleSignOnCallback.as_view(), name="sso-callback"),
]
