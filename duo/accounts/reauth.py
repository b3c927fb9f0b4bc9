"""Ask for the password again (and the code, when enrolled) before sensitive actions: exports, role changes, tokens.

The time of the last authentication lives in the session. Logging in counts (the user_logged_in signal; Django's test
client's force_login sends it too), and so does the confirmation page at /{lang}/accounts/confirm/.

    from duo.accounts.reauth import recent_auth_required

    @require(roles.PEOPLE_CHANGE)     # the capability first: a role without it gets 403, not a password prompt
    @recent_auth_required
    def erase_person(request, pk): ...

For class-based views, RecentAuthRequiredMixin; for anything else (the admin), `redirect_unless_recent(request)`.
"""

import time
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

AUTH_AT = "duo_auth_at"  # when the user last typed their password (and code), Unix seconds
LOGIN_AT = "duo_login_at"  # when the session started: its absolute maximum counts from here
SEEN_AT = "duo_seen_at"  # the last request, to within a minute: idle expiry counts from here


@receiver(user_logged_in, dispatch_uid="duo.accounts.reauth.logged_in")
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[AUTH_AT] = now
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


def mark_authenticated(request) -> None:
    request.session[AUTH_AT] = int(time.time())


def is_recent(request) -> bool:
    at = request.session.get(AUTH_AT)
    return isinstance(at, int) and 0 <= time.time() - at <= settings.REAUTH_MINUTES * 60


def confirm_url(request) -> str:
    """The confirmation page, coming back to this page. A form that was posted is not kept nor executed: the user
    comes back to the page it was posted from (the same address, read by GET, when the browser does not say)."""
    back = request.get_full_path()
    if request.method == "POST":
        referer = urlsplit(request.META.get("HTTP_REFERER", ""))
        if referer.path and url_has_allowed_host_and_scheme(
                referer.geturl(), allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            back = referer.path + (f"?{referer.query}" if referer.query else "")
    return reverse("accounts:confirm") + "?" + urlencode({"next": back})


def redirect_unless_recent(request):
    """None when the user authenticated recently enough; otherwise the redirect to the confirmation page."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if is_recent(request):
        return None
    return HttpResponseRedirect(confirm_url(request))


def recent_auth_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return redirect_unless_recent(request) or view(request, *args, **kwargs)

    return wrapped


class RecentAuthRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        return redirect_unless_recent(request) or super().dispatch(request, *args, **kwargs)
