"""Which addresses are the staff area: the pages two-step verification and session expiry look after.

Public pages, the API (token authentication), /healthz, static files and the participants' personal links are not:
they never depend on a staff session, so a half-finished login or an expired session changes nothing there.
"""

import re

from django.conf import settings

_LANGS = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
_STAFF_AREA = re.compile(rf"^/(?:{_LANGS})/(?:staff|admin|accounts/password/change|accounts/confirm)/")


def is_staff_area(path: str) -> bool:
    return bool(_STAFF_AREA.match(path))
