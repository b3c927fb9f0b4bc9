"""What the read endpoints answer: published indicators and publications (indicators:read), and duos without
anyone's name in them (duos:read); and the query parameters that filter the duos."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from duo.impact.indicators import CHANGE, MEAN, PROPORTION, RATIO
from duo.journeys.choices import DuoStatus, EndReason
from duo.journeys.models import Duo
from duo.publications.models import LANGUAGES, Kind

SUPPRESSED, UNRELIABLE = ":c", ":u"


class SnapshotReference(serializers.Serializer):
    id = serializers.IntegerField(help_text="The snapshot the figure is computed from.")
    as_of = serializers.DateField(help_text="The date of the facts it froze.")
    hash = serializers.CharField(help_text="SHA-256 of its content: the same hash, the same figures, years later.")


class IndicatorFigure(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(help_text="In the language asked for with Accept-Language.")
    kind = serializers.ChoiceField(choices=[PROPORTION, MEAN, CHANGE, RATIO],
                                   help_text="proportion and ratio are shares from 0 to 1; mean and change are "
                                             "in `unit`.")
    unit = serializers.CharField(help_text="Empty for a share.")
    definition = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="Null when suppressed, or when no one is in the "
                                                              "population yet.")
    value_display = serializers.CharField(help_text="The value as the public site shows it, in the language "
                                                    "asked for; empty when there is none.")
    ci_low = serializers.FloatField(allow_null=True, help_text="95 % confidence interval, when there is one.")
    ci_high = serializers.FloatField(allow_null=True)
    ci_display = serializers.CharField()
    n = serializers.IntegerField(allow_null=True, help_text="The people (or invitations) behind the figure; null "
                                                            "when suppressed.")
    suppressed = serializers.BooleanField(help_text="Withheld by disclosure control: no value, interval or n.")
    low_reliability = serializers.BooleanField(help_text="Few people, or a survey answered by too few of those "
                                                         "asked: read with care.")
    flag = serializers.ChoiceField(choices=["", SUPPRESSED, UNRELIABLE],
                                   help_text="Eurostat's flags: “:c” confidential, “:u” low reliability.")
    snapshot = SnapshotReference()


class PublicationLanguage(serializers.Serializer):
    language = serializers.ChoiceField(choices=LANGUAGES)
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    url = serializers.URLField(help_text="The public page in this language.")
    pdf_url = serializers.URLField(help_text="The PDF in this language.")


class PublishedPublication(serializers.Serializer):
    slug = serializers.SlugField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    kind_label = serializers.CharField(help_text="In the language asked for with Accept-Language.")
    version = serializers.IntegerField(help_text="The number of the latest published version.")
    published_at = serializers.DateTimeField(allow_null=True)
    languages = PublicationLanguage(many=True, help_text="Only the languages the version is published in.")


class DuoSummary(serializers.ModelSerializer):
    """A duo's dates and status: nothing that names or reaches its mentor or mentee."""

    antenna = serializers.CharField(source="antenna.code", help_text="The antenna's code.")
    end_reason = serializers.ChoiceField(choices=EndReason.choices, allow_null=True,
                                         help_text="Why it ended early; null otherwise.")

    class Meta:
        model = Duo
        fields = ["id", "antenna", "status", "language", "matched_on", "started_on", "planned_end_on", "ended_on",
                  "end_reason"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["end_reason"] = data["end_reason"] or None
        return data


class DuoFilters(serializers.Serializer):
    """The query parameters of the duo list; a value that does not parse is a 400, never ignored."""

    status = serializers.ChoiceField(choices=DuoStatus.choices, required=False)
    antenna = serializers.CharField(required=False, help_text="An antenna's code, among the token's antennas.")
    started_after = serializers.DateField(required=False, help_text="Started on or after this date (YYYY-MM-DD).")
    started_before = serializers.DateField(required=False, help_text="Started on or before this date (YYYY-MM-DD).")

    def validate_antenna(self, value):
        if value not in self.context.get("antenna_codes", ()):
            raise serializers.ValidationError(_("This token reaches no antenna with this code."),
                                              code="invalid_choice")
        return value

    def validate(self, attrs):
        after, before = attrs.get("started_after"), attrs.get("started_before")
        if after and before and after > before:
            raise serializers.ValidationError(
                {"started_before": serializers.ErrorDetail(_("This date comes before started_after."),
                                                           code="invalid")})
        return attrs
