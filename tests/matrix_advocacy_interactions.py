"""Permission-matrix entries for advocacy's interactions pages; see tests/test_permission_matrix.py.

Administrators and officers read and record interactions (advocacy.view / advocacy.change); coordinators,
researchers and viewers get 403 everywhere. The capability is checked before the object is looked up, so an
unknown interaction is 404 only for those who may use the page. Every POST here changes nothing: an empty form
comes back with its errors, a deletion or a "done" goes to an interaction that does not exist, and the "done" of
an interaction without a follow-up is refused with a message.
"""

from tests.matrix_levels import expect

# Administrators and officers (advocacy.view / advocacy.change); coordinators, researchers and viewers get 403.
ADVOCACY = expect(302, 200, 403, 200, 403, 403)
ADVOCACY_REDIRECT = expect(302, 302, 403, 302, 403, 403)
ADVOCACY_MISSING = expect(302, 404, 403, 404, 403, 403)
ADVOCACY_GET = expect(302, 405, 403, 405, 403, 403)


def _pk(key):
    return lambda o: {"pk": o[key].pk}


MISSING = lambda o: {"pk": 999999}  # noqa: E731

ENTRIES: dict = {
    "advocacy:interactions": [("the list", "get", None, ADVOCACY)],
    "advocacy:interactions_export": [("the CSV for a lobby register", "get", None, ADVOCACY)],
    "advocacy:interaction": [
        ("an interaction", "get", _pk("adv_interaction"), ADVOCACY),
        ("no such interaction", "get", MISSING, ADVOCACY_MISSING),
    ],
    "advocacy:interaction_add": [
        ("the form", "get", None, ADVOCACY),
        ("posted empty: errors, nothing recorded", "post", None, ADVOCACY),
    ],
    "advocacy:interaction_edit": [
        ("the form", "get", _pk("adv_interaction"), ADVOCACY),
        ("posted empty: errors, nothing changed", "post", _pk("adv_interaction"), ADVOCACY),
        ("no such interaction", "get", MISSING, ADVOCACY_MISSING),
    ],
    "advocacy:interaction_delete": [
        ("the confirmation", "get", _pk("adv_interaction"), ADVOCACY),
        ("no such interaction", "post", MISSING, ADVOCACY_MISSING),
    ],
    "advocacy:follow_ups": [("the open follow-ups", "get", None, ADVOCACY)],
    "advocacy:follow_up_done": [
        ("an interaction without a follow-up: refused", "post", _pk("adv_no_follow_up"), ADVOCACY_REDIRECT),
        ("asked by GET", "get", _pk("adv_interaction"), ADVOCACY_GET),
        ("no such interaction", "post", MISSING, ADVOCACY_MISSING),
    ],
}


def objects(base):
    import datetime

    from django.utils import timezone

    from duo.accounts.roles import Role
    from duo.advocacy import services
    from tests.factories_advocacy import ContactFactory, PositionFactory, RecommendationFactory, StakeholderFactory

    officer = base["users"][Role.OFFICER]
    today = timezone.localdate()
    cabinet = StakeholderFactory(name="Matrix cabinet")
    contact = ContactFactory()
    PositionFactory(contact=contact, stakeholder=cabinet, role="Head of cabinet")
    interaction = services.interaction_save(
        by=officer, kind="meeting", on=today - datetime.timedelta(days=2), subject="Matrix meeting",
        stakeholders=[cabinet], contacts=[contact], staff=[officer], recommendations=[RecommendationFactory()],
        follow_up="Send the figures", follow_up_due=today, follow_up_owner=officer)
    quiet = services.interaction_save(by=officer, kind="letter", on=today - datetime.timedelta(days=5),
                                      subject="Matrix letter")
    return {"adv_interaction": interaction, "adv_no_follow_up": quiet}
