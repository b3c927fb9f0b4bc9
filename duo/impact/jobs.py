"""The snapshot as a background job, with its progress on the job page."""

from django.utils.translation import gettext_lazy as _

from duo.jobs.registry import handler

KIND = "impact_snapshot"


@handler(KIND, title=_("Impact snapshot"))
def take_snapshot(*, job, progress, note: str = ""):
    from .snapshot import snapshot_take

    snapshot = snapshot_take(by=job.created_by, progress=progress, note=note)
    return {"snapshot": snapshot.pk, "hash": snapshot.content_hash, "duos": snapshot.duos}
