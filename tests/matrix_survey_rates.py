"""Permission-matrix entries for the response rates; see tests/test_permission_matrix.py.

Rates are counts, not people: every staff role reads every wave (names appear on a wave's page only for
roles that see people, scoped to their antennas, which tests/test_survey_rates.py checks). One response
is personal: people readers of its antenna only, 404 elsewhere.
"""

from tests.matrix_levels import FOREIGN_READ, PEOPLE_READ, STAFF, expect

ENTRIES: dict = {
    "survey:waves": [("the waves", "get", None, STAFF)],
    "survey:wave": [
        ("a wave", "get", lambda o: {"pk": o["rates_wave"].pk}, STAFF),
        ("no such wave", "get", lambda o: {"pk": 999999}, expect(302, 404, 404, 404, 404, 404)),
    ],
    "survey:response": [
        ("own antenna", "get", lambda o: {"pk": o["rates_response_own"].pk}, PEOPLE_READ),
        ("other antenna", "get", lambda o: {"pk": o["rates_response_foreign"].pk}, FOREIGN_READ),
    ],
}


def objects(base: dict) -> dict:
    import datetime

    from duo.survey import responses
    from duo.survey.loading import load_missing
    from duo.survey.models import Instrument

    load_missing()
    instrument = Instrument.objects.get(kind="pairing_fit")

    def answered(duo):
        invitation, _token = responses.invitation_create(instrument=instrument, person=duo.mentee.person, duo=duo,
                                                         due_on=datetime.date(2026, 2, 20))
        return responses.response_submit(invitation=invitation, answers={
            "pairing_fit": "4", "meetings": "3", "goals_clear": "4", "listened": "5"})

    own = answered(base["own"])
    return {"rates_wave": own.invitation.wave, "rates_response_own": own,
            "rates_response_foreign": answered(base["foreign"])}
