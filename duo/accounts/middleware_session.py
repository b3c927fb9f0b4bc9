"""Staff sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_COOKIE_AGE after they started.

Why not SESSION_SAVE_EVERY_REQUEST: it writes the session on every request and, since each save moves the session's
expiry SESSION_COOKIE_AGE ahead, it would turn the absolute maximum into a sliding one. Here the last request's time
is written at most once a minute (one session write per user and minute at worst), and the absolute maximum counts
from the login, kept in the session, whatever the store does with its own expiry.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from .paths import is_staff_area
from .reauth import LOGIN_AT, SEEN_AT

_WRITE_EVERY = 60  # seconds: the idle clock's resolution, and how often it costs a session write


class SessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._check(request)
            if expired:
                logout(request)
                if is_staff_area(request.path):
                    messages.info(request, _("Your session has expired. Please log in again."))
                    # A form posted after expiry is not executed: after logging in, the user lands where it is shown.
                    return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _check(request) -> bool:
        now = int(time.time())
        session = request.session
        started, seen = session.get(LOGIN_AT), session.get(SEEN_AT)
        if not isinstance(started, int) or not isinstance(seen, int):
            # A session from before this middleware: its clocks start now.
            session[LOGIN_AT] = started if isinstance(started, int) else now
            session[SEEN_AT] = now
            return False
        if now - seen > settings.SESSION_IDLE_MINUTES * 60 or now - started > settings.SESSION_COOKIE_AGE:
            return True
        if now - seen >= _WRITE_EVERY:
            session[SEEN_AT] = now
        return False
