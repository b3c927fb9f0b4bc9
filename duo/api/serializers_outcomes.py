"""What a partner sends to confirm an outcome, and what it gets back: ids, codes and dates, never a person's data.

The rules are the model's and the staff form's: the job details are required for a job and refused otherwise
(Outcome.clean), the observation is not in the future nor before the duo was formed (OutcomeForm), and one outcome
per duo and horizon (as the mentee's survey feed keeps it).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings

from duo.journeys.choices import OutcomeCategory, OutcomeHorizon, OutcomeSource, Sector
from duo.journeys import outcomes
from duo.journeys.models import Outcome
from duo.reference.models import Occupation

# What a partner reports is administrative data (the public employment service's own records, say): the source
# outcome_confirm_by_partner gives it.
SOURCE = OutcomeSource.ADMINISTRATIVE
ALREADY_RECORDED = "already_recorded"


class OccupationCode(serializers.SlugRelatedField):
    """An ISCO-08 code: unit groups when the full file was imported, the coarser groups otherwise (as the staff
    form offers them)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Occupation.objects.all(), **kwargs)

    def get_queryset(self):
        occupations = Occupation.objects.all()
        level = Occupation.Level.UNIT
        return occupations.filter(level=level) if occupations.filter(level=level).exists() else occupations


def _as_drf(error: DjangoValidationError) -> dict:
    if not hasattr(error, "error_dict"):
        error = DjangoValidationError({NON_FIELD_ERRORS: error.error_list})
    return {(api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): [
        ErrorDetail(message, code=item.code or "invalid") for item in items for message in item]
        for name, items in error.error_dict.items()}


class PartnerOutcomeSerializer(serializers.Serializer):
    """An outcome as a partner confirms it. The duo is the one in the URL (set in the context as `duo`)."""

    category = serializers.ChoiceField(choices=OutcomeCategory.choices)
    horizon = serializers.ChoiceField(choices=OutcomeHorizon.choices,
                                      help_text="One outcome per duo and horizon.")
    observed_on = serializers.DateField(help_text="Not in the future, nor before the duo was formed.")
    occupation = OccupationCode(required=False, allow_null=True, error_messages={
        "does_not_exist": _("No ISCO-08 occupation has the code “{value}”."),
    }, help_text="ISCO-08 code. For a job only (job_* categories and self_employed), as are the sector, hours and "
                 "start date; required then.")
    sector = serializers.ChoiceField(choices=Sector.choices, required=False, allow_blank=True, allow_null=True)
    hours_per_week = serializers.IntegerField(min_value=1, max_value=60, required=False, allow_null=True)
    job_started_on = serializers.DateField(required=False, allow_null=True,
                                           help_text="Not after the date the outcome was observed.")

    def validate_observed_on(self, day):
        if day > timezone.localdate():
            raise serializers.ValidationError(_("An outcome cannot be observed in the future."), code="future")
        duo = self.context["duo"]
        if duo.matched_on and day < duo.matched_on:
            raise serializers.ValidationError(_("This date is before the duo was formed."), code="before_duo")
        return day

    def _fields(self, attrs) -> dict:
        return {"category": attrs["category"], "horizon": attrs["horizon"], "observed_on": attrs["observed_on"],
                "occupation": attrs.get("occupation"), "sector": attrs.get("sector") or "",
                "hours_per_week": attrs.get("hours_per_week"), "job_started_on": attrs.get("job_started_on")}

    def validate(self, attrs):
        # The model's own rules (the job details), field by field, before anything is saved.
        try:
            Outcome(duo=self.context["duo"], source=SOURCE, **self._fields(attrs)).full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(_as_drf(error))
        return attrs

    def create(self, validated_data):
        """Saves the outcome through the journeys' use case. The caller holds the duo's row lock, so that two
        identical calls at once record one."""
        duo = self.context["duo"]
        if Outcome.objects.filter(duo=duo, horizon=validated_data["horizon"]).exists():
            raise serializers.ValidationError({"horizon": [ErrorDetail(
                _("An outcome is already recorded at this horizon for this duo."), code=ALREADY_RECORDED)]})
        return outcomes.outcome_confirm_by_partner(duo=duo, **self._fields(validated_data))


class RecordedOutcomeSerializer(serializers.ModelSerializer):
    """An outcome recorded for a duo: its id, the duo's, the category, horizon and date."""

    duo = serializers.IntegerField(source="duo_id", read_only=True, help_text="The duo's id in Duo.")

    class Meta:
        model = Outcome
        fields = ["id", "duo", "category", "horizon", "observed_on"]
        read_only_fields = fields
