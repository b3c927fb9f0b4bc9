"""Render a publication to PDF or HTML from the command line.

    python manage.py render_publication SLUG --lang fr --format pdf --out report.pdf [--version N] [--draft]

The latest published version by default, as the public sees it (a language the version is not complete in is
refused). `--version N` picks a published version; `--draft` the latest version whatever its status, as the staff
preview (missing translations marked). Any error: a message, exit code 1, and nothing written.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from duo.publications import content, render
from duo.publications.models import LANGUAGES, Publication, Status


class Command(BaseCommand):
    help = "Render a publication version to PDF or HTML."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Django's own --version (its version number) gives way to the publication's version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True, help="fr, nl or en")
        parser.add_argument("--format", dest="fmt", choices=("pdf", "html"), default="pdf")
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument("--version", dest="number", type=int, help="a version number (default: the latest "
                                                                         "published one)")
        parser.add_argument("--draft", action="store_true",
                            help="the latest version whatever its status, as the staff preview")

    def handle(self, slug, lang, fmt, out, number=None, draft=False, **options):
        publication = Publication.objects.filter(slug=slug).first()
        if publication is None:
            raise CommandError(_("No publication has the address %(slug)s.") % {"slug": slug})
        if lang not in LANGUAGES:
            raise CommandError(_("Unknown language %(lang)s: choose one of %(list)s.") % {
                "lang": lang, "list": ", ".join(LANGUAGES)})
        versions = publication.versions.all()
        if number is not None:
            version = versions.filter(number=number).first()
            if version is None:
                raise CommandError(_("%(slug)s has no version %(n)s.") % {"slug": slug, "n": number})
            if version.status != Status.PUBLISHED and not draft:
                raise CommandError(_("Version %(n)s is not published: add --draft for the staff preview.")
                                   % {"n": number})
        elif draft:
            version = publication.latest
        else:
            version = publication.published
            if version is None:
                raise CommandError(_("%(slug)s has no published version yet: add --draft for the staff preview.")
                                   % {"slug": slug})
        try:
            if fmt == "pdf":
                data = render.pdf(version, lang, public=not draft)
            else:
                data = render.html(version, lang, public=not draft).encode("utf-8")
        except (render.RenderError, content.ContentError) as exc:
            raise CommandError(str(exc)) from exc
        path = Path(out)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": out, "error": exc.strerror}) from exc
        self.stdout.write(_("%(file)s written: %(slug)s version %(n)s in %(lang)s, %(size)s bytes.") % {
            "file": out, "slug": slug, "n": version.number, "lang": lang, "size": len(data)})
