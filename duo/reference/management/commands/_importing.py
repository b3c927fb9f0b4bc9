"""What import_places and import_isco share: run an import and report it to the operator."""

import time

from django.core.management.base import CommandError
from django.utils.translation import gettext, ngettext

from duo.reference.services import InvalidFile

MAX_ERRORS_SHOWN = 200


def run_import(command, importer, path: str, **options) -> dict:
    """Call importer(path=..., **options); print warnings, or every error and raise CommandError."""
    started = time.monotonic()
    try:
        result, warnings = importer(path=path, **options)
    except OSError as exc:
        raise CommandError(gettext("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror or exc})
    except InvalidFile as exc:
        for text in exc.errors[:MAX_ERRORS_SHOWN]:
            command.stderr.write(text)
        if len(exc.errors) > MAX_ERRORS_SHOWN:
            command.stderr.write(gettext("(and %(more)s more)") % {"more": len(exc.errors) - MAX_ERRORS_SHOWN})
        raise CommandError(ngettext(
            "Nothing was imported: %(file)s has %(count)s problem.",
            "Nothing was imported: %(file)s has %(count)s problems.",
            len(exc.errors),
        ) % {"file": path, "count": len(exc.errors)})
    for text in warnings:
        command.stdout.write(command.style.WARNING(text))
    result["seconds"] = round(time.monotonic() - started, 2)
    return result
