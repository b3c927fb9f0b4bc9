from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views_twofactor
from .forms import EmailAuthenticationForm

app_name = "accounts"


def _view(view, template, **kwargs):
    return view.as_view(template_name=f"accounts/{template}.html", **kwargs)


urlpatterns = [
    path("login/", _view(auth_views.LoginView, "login", authentication_form=EmailAuthenticationForm,
                         redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # A forgotten password: a link by email, in the language of the page it was asked from.
    path("password/reset/", _view(
        auth_views.PasswordResetView, "password_reset_form",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    ), name="password_reset"),
    path("password/reset/sent/", _view(auth_views.PasswordResetDoneView, "password_reset_done"),
         name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", _view(
        auth_views.PasswordResetConfirmView, "password_reset_confirm",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    ), name="password_reset_confirm"),
    path("password/reset/done/", _view(auth_views.PasswordResetCompleteView, "password_reset_complete"),
         name="password_reset_complete"),
    path("password/change/", _view(
        auth_views.PasswordChangeView, "password_change_form", success_url=reverse_lazy("accounts:password_change_done"),
    ), name="password_change"),
    path("password/change/done/", _view(auth_views.PasswordChangeDoneView, "password_change_done"),
         name="password_change_done"),
    # Two-step verification (duo.accounts.twofactor) and the password asked again before sensitive actions.
    path("two-factor/", views_twofactor.two_factor, name="two_factor"),
    path("two-factor/verify/", views_twofactor.two_factor_verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", views_twofactor.two_factor_codes, name="two_factor_codes"),
    path("two-factor/off/", views_twofactor.two_factor_disable, name="two_factor_disable"),
    path("confirm/", views_twofactor.confirm, name="confirm"),
]
