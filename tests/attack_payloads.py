"""What the attack tests (tests/test_attack_*.py) throw at Duo, and how they tell it got through.

Payloads are the usual first tries of someone probing a web application; the checks look for them *active* in an
answer (a script element, an event-handler attribute, a javascript: link), not merely present: shown as text, escaped,
they are harmless and expected.
"""

import hashlib
import re
from html.parser import HTMLParser

from django.db import connection
from django.http import HttpResponseForbidden

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}}"
JS_URL = "javascript:alert(1)"
MARKDOWN_LINK = "[x](javascript:alert(1))"
EXTERNAL_IMAGE = '<img src="http://attacker.test/x">'
MARKDOWN_IMAGE = "![x](http://attacker.test/x.png)"

# Starting a spreadsheet cell like this makes it a formula (OWASP "CSV injection").
FORMULAS = ("=HYPERLINK(\"http://attacker.test\")", "+1+1", "-1+1", "@SUM(1,1)", "\t=1+1", "\r=1+1")


def marked(n: int) -> str:
    """A payload that says which field it was put in (n), within 62 characters: script, attribute breakout and a
    template expression at once."""
    return f"<script>alert({n})</script>\"><img src=x onerror=alert({n})>{TEMPLATE}"


def short_marked(n: int) -> str:
    return f"<script>alert({n})</script>"


def escaped_marker(n: int) -> str:
    """How marked(n)/short_marked(n) read once escaped by Django's templates."""
    return f"&lt;script&gt;alert({n})&lt;/script&gt;"


class _Active(HTMLParser):
    """Reads a page as a browser would and notes what would run: a script element with a payload's call, an
    event-handler attribute (the pages have none of their own: the CSP forbids them), a javascript: URL, an image
    from outside."""

    URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>: an event-handler attribute")
            if name in self.URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(
                    ("javascript:", "vbscript:", "data:text/html")):
                self.found.append(f"<{tag} {name}={value!r}>: a script URL")
            if tag == "img" and name == "src" and "attacker" in value:
                self.found.append(f"<img src={value!r}>: an image from outside")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.found.append(f"<script>{data[:60]!r}: a script element")


def active_payloads(html: str) -> list[str]:
    """What in the page would run (or fetch) a payload: empty when everything was escaped or removed."""
    parser = _Active()
    parser.feed(html)
    parser.close()
    return parser.found


_CSRF_TOKENS = re.compile(r'("X-CSRFToken":\s*"|name="csrfmiddlewaretoken"\s+value=")[^"]+')


def comparable(html: str) -> str:
    """The page without its per-response CSRF token (masked afresh on every answer), to compare two answers."""
    return _CSRF_TOKENS.sub(r"\1<csrf>", html)


# --- the whole database, to see that a refused request changed nothing -------------------------------------------

# The session row is written by the session middleware on the way out, whatever the view did.
NOT_COMPARED = frozenset({"django_session"})


def database_fingerprint() -> dict[str, str]:
    """A digest of every table's rows (in any order), so that a change to any row of any table shows."""
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table in NOT_COMPARED:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — table names from the introspection
            rows = sorted(repr(row) for row in cursor.fetchall())
            found[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return found


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))


# --- CSRF ----------------------------------------------------------------------------------------------------------

CSRF_REFUSED = "refused by the CSRF check"


def csrf_failure(request, reason=""):
    """Stands in for settings.CSRF_FAILURE_VIEW in the tests: a 403 that says it came from the CSRF check, not from a
    missing capability."""
    return HttpResponseForbidden(CSRF_REFUSED)
