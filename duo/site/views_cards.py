"""Shareable cards of the live key figures (the advocacy page's) and the default card of the site."""

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control

from duo.impact import snapshot as snapshots

from . import cards, queries

FORMATS = ("svg", "png")


def image_response(figure, fmt: str, stem: str, *, seconds: int) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    svg = cards.figure_svg(figure, queries.source_line(figure)) if figure is not None else cards.default_svg()
    if fmt == "png":
        response = HttpResponse(cards.png(svg), content_type="image/png")
    else:
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{stem}.{fmt}"'
    patch_cache_control(response, public=True, max_age=seconds)
    return response


def card(request, indicator, fmt):
    """Only the key figures the advocacy page shows: what is public is what staff chose to show."""
    if fmt not in FORMATS or indicator not in queries.key_figure_ids(queries.advocacy_page()):
        raise Http404
    snapshot = queries.published_snapshot()
    if snapshot is None:
        raise Http404
    try:
        figure = queries.live_figures(snapshot, [indicator])[0]
    except snapshots.SnapshotDamaged:
        raise Http404
    return image_response(figure, fmt, f"duo-{indicator}-{snapshot.as_of:%Y%m%d}", seconds=60 * 60)


def card_default(request, fmt):
    return image_response(None, fmt, "duo", seconds=60 * 60 * 24)
