"""Reference-data imports as background jobs (see duo.jobs).

Start one with duo.jobs.services.job_start(kind="reference.import_places", params={"path": ...},
by=user); "reference.import_isco" takes the same parameters. The path is read by the worker, so it
must be a file the server wrote itself, never a path typed by a user; an upload from the staff
pages passes the file's text as `content` instead, so that workers on other machines need no
shared disk. A file with any bad row makes the job fail with the problems in its error, and nothing
is imported. The result holds the counts (created, updated, unchanged, total, ...).

The progress bar moves between "checking" and "writing": the write is one transaction, so
progress reported inside it would not be seen by the job page before it is over anyway.
"""

from django.utils.translation import gettext_lazy as _

from duo.jobs.registry import handler

from . import services
from .importers import BELGIUM, WORLD


@handler("reference.import_places", title=_("Import of places"))
def import_places(*, job, progress, path: str | None = None, content: str | None = None,
                  anywhere: bool = False) -> dict:
    result, _warnings = services.places_import_file(
        path=path, data=content, bounds=WORLD if anywhere else BELGIUM, progress=progress
    )
    return result


@handler("reference.import_isco", title=_("Import of ISCO-08 occupations"))
def import_isco(*, job, progress, path: str | None = None, content: str | None = None) -> dict:
    result, _warnings = services.occupations_import_file(path=path, data=content, progress=progress)
    return result
