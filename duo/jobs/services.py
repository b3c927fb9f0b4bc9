import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .errors import JobFailed
from .models import Job
from .registry import HANDLERS

log = logging.getLogger(__name__)


class Progress:
    """Handed to a job handler: call it with (done, total, message) to move the bar."""

    def __init__(self, job: Job):
        self.job = job

    def __call__(self, done: int, total: int, message: str = ""):
        pct = 100 if total <= 0 else max(0, min(99, int(done * 100 / total)))
        Job.objects.filter(pk=self.job.pk).update(progress=pct, message=message[:255])


def job_start(*, kind: str, params: dict | None = None, by=None) -> Job:
    """Record a job and hand it to the queue once the caller's transaction has committed."""
    from .tasks import run_job

    if kind not in HANDLERS:
        raise ValueError(f"Unknown job kind: {kind}")
    job = Job.objects.create(kind=kind, params=params or {}, created_by=by)
    transaction.on_commit(lambda: run_job.delay(str(job.pk)))
    return job


def job_execute(*, job_id: str) -> Job:
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return job
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=timezone.now())
    try:
        result = HANDLERS[job.kind](job=job, progress=Progress(job), **job.params)
    except Exception as exc:  # a failed job is shown on its page, never raised to the user
        if isinstance(exc, JobFailed):
            error = str(exc)
        else:
            log.exception("job %s (%s) failed", job.pk, job.kind)
            error = gettext("An unexpected error stopped this job. The team has the details in the logs.")
        Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, error=error[:4000], finished_at=timezone.now())
    else:
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.SUCCEEDED, progress=100, message="", result=result or {}, finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job
