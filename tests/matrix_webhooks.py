"""Permission-matrix entries for the administrators' webhook pages; see tests/test_permission_matrix.py.

Only administrators (reference.change) manage webhooks; coordinators, officers, researchers and viewers get 403
everywhere. The capability is checked before the subscription or delivery is looked up, so an unknown one is 404 only
for administrators. Every POST here changes nothing and sends nothing: the empty create form comes back with its
errors, and the actions go to a subscription or a delivery that does not exist.
"""

from tests.matrix_levels import expect

# Administrators only (reference.change).
ADMINISTRATORS = expect(302, 200, 403, 403, 403, 403)
ADMINISTRATORS_MISSING = expect(302, 404, 403, 403, 403, 403)
ADMINISTRATORS_GET = expect(302, 405, 403, 403, 403, 403)

MISSING = lambda o: {"pk": 999999}  # noqa: E731
SUBSCRIPTION = lambda o: {"pk": o["webhook_subscription"].pk}  # noqa: E731

ENTRIES: dict = {
    "webhooks:list": [("the list", "get", None, ADMINISTRATORS)],
    "webhooks:add": [
        ("the form", "get", None, ADMINISTRATORS),
        ("posted empty: errors, nothing created", "post", None, ADMINISTRATORS),
    ],
    "webhooks:detail": [
        ("a subscription and its delivery log", "get", SUBSCRIPTION, ADMINISTRATORS),
        ("no such subscription", "get", MISSING, ADMINISTRATORS_MISSING),
    ],
    "webhooks:deactivate": [
        ("asked by GET", "get", SUBSCRIPTION, ADMINISTRATORS_GET),
        ("no such subscription", "post", MISSING, ADMINISTRATORS_MISSING),
    ],
    "webhooks:ping": [
        ("asked by GET", "get", SUBSCRIPTION, ADMINISTRATORS_GET),
        ("no such subscription", "post", MISSING, ADMINISTRATORS_MISSING),
    ],
    "webhooks:retry": [
        ("asked by GET", "get", lambda o: {"pk": o["webhook_delivery"].pk}, ADMINISTRATORS_GET),
        ("no such delivery", "post", MISSING, ADMINISTRATORS_MISSING),
    ],
}


def objects(base):
    import uuid

    from duo.accounts.roles import Role
    from duo.webhooks import services
    from duo.webhooks.models import Delivery

    subscription, _secret = services.subscription_create(
        by=base["users"][Role.ADMINISTRATOR], name="Matrix partner CRM", url="https://crm.example.org/duo-hook",
        events=["duo.closed"])
    event_id = uuid.uuid4()
    delivery = Delivery.objects.create(
        subscription=subscription, event="duo.closed", event_id=event_id, status=Delivery.Status.FAILED, attempts=6,
        payload={"event": "duo.closed", "id": str(event_id), "occurred_at": "2026-01-01T00:00:00+00:00",
                 "data": {"duo_id": base["own"].pk, "antenna": base["own"].antenna.code}},
        last_status_code=500, last_error="HTTP 500")
    return {"webhook_subscription": subscription, "webhook_delivery": delivery}
