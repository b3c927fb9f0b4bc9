"""The read endpoints.

indicators:read — the indicators the public site publishes, from the snapshot behind the latest published
publication (duo.site.queries.published_snapshot: what the public has already seen; a newer snapshot staff have
not published yet stays in the staff pages), through the very function and cache the advocacy page uses, so with
the same disclosure control and the same digits; and the published publications (never a draft).

duos:read — the duos of the token's antennas, their dates and status only; a duo of another antenna is a 404,
like one that does not exist.

Every GET answers with an ETag (a hash of the body, which names the snapshot for the indicators) and 304 with no
body when If-None-Match still matches.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from duo.impact import snapshot as snapshots
from duo.impact.indicators import INDICATORS
from duo.journeys.models import Duo
from duo.site import queries
from duo.site.views_meta import url_in

from .models import Scope
from .serializers_read import (SUPPRESSED, UNRELIABLE, DuoFilters, DuoSummary, IndicatorFigure,
                               PublishedPublication)
from .views_base import ErrorBody, TokenView

# --- ETags ---------------------------------------------------------------------------------------------------------

IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
    description="The ETag of an answer already held: 304 with no body if it has not changed.")
ETAG = OpenApiParameter("ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 304],
                        description="Changes when the answer does (its language included).")
NOT_MODIFIED = OpenApiResponse(description="Not modified: the answer is still the one this ETag names.")


def etag_of(data) -> str:
    """A weak ETag of the answer's content: equal content, equal ETag, whatever the JSON's spacing."""
    text = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return f'W/"{hashlib.sha256(text.encode()).hexdigest()[:32]}"'


def conditional(request, response: Response) -> Response:
    """The answer with its ETag, or 304 with no body when the caller already holds it (Django's own matching of
    If-None-Match, as in django.views.decorators.http.condition)."""
    etag = etag_of(response.data)
    if get_conditional_response(request, etag=etag) is not None:
        response = Response(status=status.HTTP_304_NOT_MODIFIED)
    response["ETag"] = etag
    # Answers to a token: no shared cache keeps them, and a client asks again (cheaply, with its ETag).
    patch_cache_control(response, private=True, no_cache=True)
    return response


def read_schema(operation_id: str, summary: str, ok, *, description: str = "", errors=(401, 403, 429),
                parameters=()):
    """Every read endpoint's documentation: its answer, 304, its ETag and the errors it can give."""
    return extend_schema(operation_id=operation_id, summary=summary, description=description,
                         parameters=[IF_NONE_MATCH, ETAG, *parameters],
                         responses={200: ok, 304: NOT_MODIFIED, **{code: ErrorBody for code in errors}})


# --- indicators ----------------------------------------------------------------------------------------------------

class FiguresUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "unavailable"

    def __init__(self):
        super().__init__(_("The figures cannot be shown at the moment."))


def published_figures(codes) -> list[dict]:
    """The indicators' totals on the published snapshot, as the advocacy page computes and shows them (its cached
    record, its flags, its formatting); a suppressed figure has no number at all. Empty before any publication."""
    snapshot = queries.published_snapshot()
    if snapshot is None:
        return []
    reference = {"id": snapshot.pk, "as_of": snapshot.as_of, "hash": snapshot.content_hash}
    try:
        shown = queries.live_figures(snapshot, codes)
        records = [queries.total_record(snapshot, code) for code in codes]
    except snapshots.SnapshotDamaged:
        raise FiguresUnavailable
    items = []
    for figure, record in zip(shown, records):
        indicator = figure.indicator
        item = {"code": indicator.id, "label": str(indicator.title), "kind": indicator.kind,
                "unit": str(indicator.unit), "definition": str(indicator.definition), "value": None,
                "value_display": "", "ci_low": None, "ci_high": None, "ci_display": "", "n": None,
                "suppressed": figure.suppressed, "low_reliability": figure.unreliable,
                "flag": SUPPRESSED if figure.suppressed else UNRELIABLE if figure.unreliable else "",
                "snapshot": reference}
        if not figure.suppressed:
            item.update(value=record.get("value"), value_display=figure.value, ci_low=record.get("ci_low"),
                        ci_high=record.get("ci_high"), ci_display=figure.interval, n=figure.n)
        items.append(item)
    return items


FIGURES_TEXT = ("The figures of the snapshot behind the latest published publication, after disclosure control, "
                "as the public site shows them. A suppressed figure carries no value, interval or n.")


class IndicatorList(TokenView):
    required_scope = Scope.INDICATORS_READ

    @read_schema("indicators_list", "Published indicators", IndicatorFigure(many=True),
                 description=FIGURES_TEXT + " Empty before anything is published.", errors=(401, 403, 429, 503))
    def get(self, request):
        return conditional(request, Response(IndicatorFigure(published_figures(list(INDICATORS)), many=True).data))


class IndicatorDetail(TokenView):
    required_scope = Scope.INDICATORS_READ

    @read_schema("indicators_retrieve", "One published indicator", IndicatorFigure, description=FIGURES_TEXT,
                 errors=(401, 403, 404, 429, 503))
    def get(self, request, code):
        if code not in INDICATORS:
            raise NotFound(_("No indicator has this code."))
        figures = published_figures([code])
        if not figures:
            raise NotFound(_("No figure is published yet."))
        return conditional(request, Response(IndicatorFigure(figures[0]).data))


# --- publications --------------------------------------------------------------------------------------------------

def publication_entry(request, version) -> dict:
    slug = version.publication.slug
    return {
        "slug": slug, "kind": version.publication.kind, "kind_label": version.publication.get_kind_display(),
        "version": version.number, "published_at": version.published_at,
        "languages": [{"language": lang, "title": version.title(lang), "summary": version.summary(lang),
                       "url": request.build_absolute_uri(url_in(lang, "site:publication", slug=slug)),
                       "pdf_url": request.build_absolute_uri(url_in(lang, "site:publication_pdf", slug=slug,
                                                                    filename=f"{slug}-{lang}"))}
                      for lang in version.language_list],
    }


class PublicationList(TokenView):
    required_scope = Scope.INDICATORS_READ

    @read_schema("publications_list", "Published publications", PublishedPublication(many=True),
                 description="The latest published version of each publication, newest first. Drafts and versions "
                             "in review are never listed.")
    def get(self, request):
        entries = [publication_entry(request, v) for v in queries.published_versions()]
        return conditional(request, Response(PublishedPublication(entries, many=True).data))


class PublicationDetail(TokenView):
    required_scope = Scope.INDICATORS_READ

    @read_schema("publications_retrieve", "One published publication", PublishedPublication,
                 description="Its latest published version; a publication never published is a 404.",
                 errors=(401, 403, 404, 429))
    def get(self, request, slug):
        version = queries.published_version(slug)  # 404 for a draft, as for what does not exist
        return conditional(request, Response(PublishedPublication(publication_entry(request, version)).data))


# --- duos ----------------------------------------------------------------------------------------------------------

class DuoPages(PageNumberPagination):
    """Pages of 50 duos, up to 200 with page_size; a page or size that is not a positive whole number is a 400,
    a page past the last a 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or int(raw) < 1:
            raise ValidationError({self.page_size_query_param: [serializers.ErrorDetail(
                _("A whole number from 1 to %(max)s.") % {"max": self.max_page_size}, code="invalid")]})
        return min(int(raw), self.max_page_size)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw not in self.last_page_strings and not (raw.isdigit() and int(raw) >= 1):
            raise ValidationError({self.page_query_param: [serializers.ErrorDetail(
                _("A page number from 1, or “last”."), code="invalid")]})
        return super().get_page_number(request, paginator)


class TokenDuos:
    """The duos of the token's antennas only."""

    queryset = Duo.objects.all()
    serializer_class = DuoSummary

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn without a token
            return Duo.objects.none()
        return (Duo.objects.filter(antenna__in=self.request.auth.antennas.all()).select_related("antenna")
                .order_by("-matched_on", "-pk"))


class DuoList(TokenDuos, TokenView, generics.ListAPIView):
    required_scope = Scope.DUOS_READ
    pagination_class = DuoPages

    def filter_queryset(self, queryset):
        codes = {a.code for a in self.request.auth.antennas.all()}
        # A plain dict, not the QueryDict: DRF reads an empty value in form-like data as "not given", and the
        # schema promises that a filter which does not parse (an empty date included) is a 400.
        filters = DuoFilters(data=self.request.query_params.dict(), context={"antenna_codes": codes})
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        if "status" in wanted:
            queryset = queryset.filter(status=wanted["status"])
        if "antenna" in wanted:
            queryset = queryset.filter(antenna__code=wanted["antenna"])
        if "started_after" in wanted:
            queryset = queryset.filter(started_on__gte=wanted["started_after"])
        if "started_before" in wanted:
            queryset = queryset.filter(started_on__lte=wanted["started_before"])
        return queryset

    @read_schema("duos_list", "Duos of the token's antennas", DuoSummary(many=True), parameters=[DuoFilters],
                 description="Newest match first, 50 a page (page_size up to 200). Ids, dates and statuses: "
                             "no one's name, email or phone. A filter that does not parse is a 400; a page past "
                             "the last a 404.",
                 errors=(400, 401, 403, 404, 429))
    def get(self, request, *args, **kwargs):
        return conditional(request, self.list(request, *args, **kwargs))


class DuoDetail(TokenDuos, TokenView, generics.RetrieveAPIView):
    required_scope = Scope.DUOS_READ

    @read_schema("duos_retrieve", "One duo", DuoSummary,
                 description="A duo of another antenna than the token's is a 404, like one that does not exist.",
                 errors=(401, 403, 404, 429))
    def get(self, request, *args, **kwargs):
        return conditional(request, self.retrieve(request, *args, **kwargs))
