"""The matching run as a background job (see duo.jobs): large pools take seconds, the page follows
the progress. On the default setup without a broker the job runs inline once the start has committed."""

from django.utils.translation import gettext_lazy as _

from duo.jobs.errors import JobFailed
from duo.jobs.registry import RESULT_LABELS, handler

from . import services
from .models import MatchingRun

RESULT_LABELS.update({
    "mentees": _("mentees in the pool"),
    "mentors": _("mentors with a free place"),
    "proposed": _("mentees with a proposal"),
    "unmatched": _("mentees without a mentor"),
})


@handler(services.JOB_KIND, title=_("Matching meeting"))
def compute(*, job, progress, run: int) -> dict:
    found = MatchingRun.objects.filter(pk=run).first()
    if found is None:
        raise JobFailed(str(_("This matching meeting no longer exists.")))
    try:
        return services.run_compute(run=found, progress=progress)
    except services.MatchingError as error:
        services.mark_failed(run)
        raise JobFailed(str(error)) from error
    except Exception:
        services.mark_failed(run)
        raise
