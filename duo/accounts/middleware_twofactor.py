"""Keep a staff session out of the staff area until its two-step verification is done.

After the password, a user with an authenticator is asked for a code; a user whose role requires one
(duo.accounts.twofactor.required_for) and who has none is sent to set it up. Until then every staff and admin page
redirects; the verification and set-up pages, logging out and every public address stay open.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from . import twofactor
from .paths import is_staff_area


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and is_staff_area(request.path) and not user.is_verified():
            query = "?" + urlencode({"next": request.get_full_path()})
            if twofactor.is_enrolled(user):
                return redirect(reverse("accounts:two_factor_verify") + query)
            if twofactor.required_for(user):
                return redirect(reverse("accounts:two_factor") + query)
        return self.get_response(request)
