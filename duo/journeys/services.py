from django.db import transaction

from duo.accounts import scoping

from .models import Duo, Outcome


@transaction.atomic
def outcome_record(*, duo: Duo, category, horizon, observed_on, source, by) -> Outcome:
    if not scoping.can_change(by, duo):
        raise scoping.NotAllowed
    return Outcome.objects.create(
        duo=duo, category=category, horizon=horizon, observed_on=observed_on, source=source, recorded_by=by
    )
