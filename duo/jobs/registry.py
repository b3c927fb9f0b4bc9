"""Job kinds register a handler here; the Celery task looks them up by name."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

HANDLERS: dict[str, Callable] = {}
TITLES: dict[str, str] = {}

# How the counts that handlers return are named on the job page.
RESULT_LABELS = {
    "created": pgettext_lazy("import result", "created"),
    "updated": pgettext_lazy("import result", "updated"),
    "unchanged": pgettext_lazy("import result", "unchanged"),
    "total": _("rows in the file"),
    "skipped": _("repeated rows skipped"),
    "not_in_file": _("stored groups not in the file"),
    "snapshot": _("snapshot"),
    "hash": _("content hash (SHA-256)"),
    "duos": _("duos"),
}


def handler(kind: str, title=None):
    def register(fn):
        HANDLERS[kind] = fn
        TITLES[kind] = title or kind
        return fn

    return register
