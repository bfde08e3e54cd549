from django.contrib.auth import views as auth_views

from civicplan.accounts.oidc import sso_enabled


class SignInView(auth_views.LoginView):
    template_name = "web/sign_in.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso_enabled": sso_enabled()}


class SignOutView(auth_views.LogoutView):
    pass
