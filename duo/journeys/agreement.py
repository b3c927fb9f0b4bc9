"""The mentoring agreement and code of conduct, as a PDF in the duo's language (WeasyPrint).

Printed and signed at the meeting after both sides accepted; the signature date is then recorded
by the lifecycle's "Agreement signed" step, and a PDF made after that carries it.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from duo.accounts.roles import Role
from duo.core.pdf import refusing_fetcher

from . import lifecycle
from .choices import DuoStatus

# The statuses in which the agreement is offered for download: from both acceptances on, while running.
AVAILABLE = (DuoStatus.ACCEPTED, DuoStatus.AGREEMENT_SIGNED, DuoStatus.ACTIVE)
ORGANISATION = getattr(settings, "ORGANISATION_NAME", "Duo")


def signed_on(duo):
    """The signature date, from the duo's timeline (None until the agreement is signed)."""
    return (duo.transitions.filter(to_status=DuoStatus.AGREEMENT_SIGNED).order_by("-on")
            .values_list("on", flat=True).first())


def coordinators(duo) -> list[str]:
    """The names of the antenna's coordinators, who follow the duo."""
    return list(duo.antenna.staff.filter(role=Role.COORDINATOR, is_active=True).order_by("full_name")
                .values_list("full_name", flat=True))


def context(duo) -> dict:
    return {
        "duo": duo,
        "organisation": ORGANISATION,
        "mentee": duo.mentee.person,
        "mentor": duo.mentor.person,
        "antenna": duo.antenna,
        "coordinators": coordinators(duo),
        "months": duo.antenna.mentoring_months or lifecycle.MENTORING_MONTHS,
        "signed_on": signed_on(duo),
        "printed_on": timezone.localdate(),
    }


def agreement_html(duo) -> str:
    with translation.override(duo.language or settings.LANGUAGE_CODE):
        return render_to_string("journeys/agreement_pdf.html", context(duo))


def _refuse(url: str, *args, **kwargs):
    """The agreement is self-contained: the renderer must never fetch a URL or read a file on the server because some
    text in the document names one."""
    raise ValueError(f"external resource refused: {url}")


def agreement_pdf(duo) -> bytes:
    from weasyprint import HTML  # heavy (fonts, cairo-free layout): loaded only when a PDF is asked for

    return HTML(string=agreement_html(duo), url_fetcher=refusing_fetcher(_refuse)).write_pdf()


def filename(duo) -> str:
    return f"mentoring-agreement-{duo.pk}.pdf"
