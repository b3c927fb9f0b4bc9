"""Two-step verification pages: set up, the code after the password, recovery codes, switching off, and the
password asked again before sensitive actions (duo.accounts.reauth)."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import reauth, twofactor
from .forms import CodeForm, ConfirmForm, EnrolForm


def _next(request, default="staff:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse(default)


def _signed_in(view):
    """Anonymous visitors go to the login page (these pages are under accounts/, outside require())."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _credentials(user) -> dict:
    return {"username": user.email}


def _locked_out(request):
    """Axes' lockout page, and the half-open session closed, once the user+address pair is locked."""
    credentials = _credentials(request.user)
    logout(request)
    return get_lockout_response(request, None, credentials)


def _code_failed(request, form, field="code"):
    """Count a wrong code as a failed login (axes locks the account+address pair at AXES_FAILURE_LIMIT), and say
    whether django-otp's throttling makes the user wait before the next try."""
    user = request.user
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    if getattr(request, "axes_locked_out", False):
        return _locked_out(request)
    wait = twofactor.wait_seconds(user)
    if wait:
        form.add_error(field, _("Too many wrong codes. Wait %(seconds)s seconds and try again.") % {"seconds": wait})
    else:
        form.add_error(field, _("This code is not right, or was already used."))
    return None


def _codes_page(request, codes, next_url):
    # Shown once; never_cache on the views keeps the page out of the browser's cache too.
    return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": next_url})


@never_cache
@_signed_in
def two_factor(request):
    """Set up the authenticator app, or see where one stands."""
    user = request.user
    enrolled = twofactor.is_enrolled(user)
    if enrolled and not user.is_verified():
        return redirect(reverse("accounts:two_factor_verify") + "?" + request.GET.urlencode())
    next_url = _next(request)
    if enrolled:
        return render(request, "accounts/two_factor.html", {
            "enrolled": True, "required": twofactor.required_for(user), "next": next_url,
            "remaining": twofactor.remaining_recovery_codes(user),
        })
    device = twofactor.pending_device(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm(user=user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            reauth.mark_authenticated(request)
            return _codes_page(request, codes, next_url)
        wait = twofactor.wait_seconds_for(device)
        form.add_error("code", _("Too many wrong codes. Wait %(seconds)s seconds and try again.") % {"seconds": wait}
                       if wait else _("This code is not right. Check the time on your phone and type the new code."))
    return render(request, "accounts/two_factor.html", {
        "enrolled": False, "required": twofactor.required_for(user), "form": form, "next": next_url,
        "qr": twofactor.qr_svg(device), "secret": twofactor.secret_for_typing(device),
    })


@never_cache
@_signed_in
@require_POST
@reauth.recent_auth_required
def two_factor_codes(request):
    """New recovery codes, shown once; the earlier ones stop working."""
    if not (twofactor.is_enrolled(request.user) and request.user.is_verified()):
        return redirect("accounts:two_factor")
    return _codes_page(request, twofactor.regenerate_recovery_codes(user=request.user), reverse("accounts:two_factor"))


@never_cache
@_signed_in
@reauth.recent_auth_required
def two_factor_disable(request):
    user = request.user
    if not twofactor.is_enrolled(user):
        return redirect("accounts:two_factor")
    if twofactor.required_for(user):
        messages.error(request, _("Your role requires two-step verification: it cannot be switched off."))
        return redirect("accounts:two_factor")
    if not user.is_verified():
        return redirect(reverse("accounts:two_factor_verify") + "?next=" + reverse("accounts:two_factor"))
    if request.method == "POST":
        twofactor.disable(user=user)
        messages.success(request, _("Two-step verification is off."))
        return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor_disable.html")


@never_cache
@_signed_in
def two_factor_verify(request):
    """The code after the password."""
    user = request.user
    next_url = _next(request)
    if user.is_verified() or not twofactor.is_enrolled(user):
        return redirect(next_url)
    if AxesProxyHandler.is_locked(request, _credentials(user)):
        return _locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            reauth.mark_authenticated(request)
            if device.model_label() == "otp_static.staticdevice":
                left = twofactor.remaining_recovery_codes(user)
                messages.warning(request, _("You used a recovery code; %(left)s remain. Make new ones from "
                                            "“Two-step verification” if you are running low.") % {"left": left})
            return redirect(next_url)
        locked = _code_failed(request, form)
        if locked:
            return locked
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@never_cache
@_signed_in
def confirm(request):
    """The password again (and a code, when enrolled) before a sensitive action; then back to it."""
    user = request.user
    next_url = _next(request)
    with_code = twofactor.is_enrolled(user)
    form = ConfirmForm(request.POST or None, with_code=with_code)
    if request.method == "POST" and form.is_valid():
        checked = authenticate(request, username=user.email, password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request)
        if checked is None or checked.pk != user.pk:
            form.add_error("password", _("This password is not right."))
        elif with_code and twofactor.verify(user=user, code=form.cleaned_data["code"]) is None:
            locked = _code_failed(request, form)
            if locked:
                return locked
        else:
            reauth.mark_authenticated(request)
            return redirect(next_url)
    return render(request, "accounts/confirm.html", {"form": form, "next": next_url})
