"""Permission-matrix entries for advocacy's recommendations and campaigns pages; see tests/test_permission_matrix.py.

Administrators and officers read and write (advocacy.view / advocacy.change); coordinators, researchers and viewers
get 403 everywhere, before any lookup, so an unknown object is 404 only for those who may use the page. Every POST
here is empty (the form comes back with its errors) or marks done a milestone that is already done: nothing changes
while the same objects serve every role in turn.
"""

from tests.matrix_levels import expect

# Administrators and officers (advocacy.view / advocacy.change); coordinators, researchers and viewers get 403.
ADVOCACY = expect(302, 200, 403, 200, 403, 403)
MISSING = expect(302, 404, 403, 404, 403, 403)
REDIRECT = expect(302, 302, 403, 302, 403, 403)
POST_ONLY = expect(302, 405, 403, 405, 403, 403)


def _rec(**extra):
    return lambda o: {"code": o["adv_recommendation"].code, **extra}


def _target(o):
    return {"code": o["adv_recommendation"].code, "pk": o["adv_target"].pk}


def _campaign(**extra):
    return lambda o: {"slug": o["adv_campaign"].slug, **extra}


def _milestone(o):
    return {"slug": o["adv_campaign"].slug, "pk": o["adv_milestone"].pk}


NO_REC = {"code": "no-such-recommendation"}
NO_CAMPAIGN = {"slug": "no-such-campaign"}

ENTRIES: dict = {
    "advocacy:recommendations": [("the registry", "get", None, ADVOCACY)],
    "advocacy:recommendation": [
        ("a recommendation", "get", _rec(), ADVOCACY),
        ("no such recommendation", "get", lambda o: NO_REC, MISSING),
    ],
    "advocacy:recommendation_add": [
        ("the form", "get", None, ADVOCACY),
        ("posted empty", "post", None, ADVOCACY),
    ],
    "advocacy:recommendation_edit": [
        ("the evidence form", "get", _rec(), ADVOCACY),
        ("posted empty", "post", _rec(), ADVOCACY),
        ("no such recommendation", "get", lambda o: NO_REC, MISSING),
    ],
    "advocacy:recommendation_revise": [
        ("the wording form", "get", _rec(), ADVOCACY),
        ("posted empty: a title is needed", "post", _rec(), ADVOCACY),
        ("no such recommendation", "post", lambda o: NO_REC, MISSING),
    ],
    "advocacy:recommendation_version": [
        ("version 1", "get", _rec(number=1), ADVOCACY),
        ("no such version", "get", _rec(number=99), MISSING),
    ],
    "advocacy:target_add": [
        ("posted empty", "post", _rec(), ADVOCACY),
        ("asked by GET", "get", _rec(), POST_ONLY),
        ("no such recommendation", "post", lambda o: NO_REC, MISSING),
    ],
    "advocacy:target_status": [
        ("posted empty", "post", _target, ADVOCACY),
        ("asked by GET", "get", _target, POST_ONLY),
        ("no such target", "post", _rec(pk=999999), MISSING),
    ],
    "advocacy:campaigns": [("the list", "get", None, ADVOCACY)],
    "advocacy:campaign": [
        ("a campaign", "get", _campaign(), ADVOCACY),
        ("no such campaign", "get", lambda o: NO_CAMPAIGN, MISSING),
    ],
    "advocacy:campaign_add": [
        ("the form", "get", None, ADVOCACY),
        ("posted empty", "post", None, ADVOCACY),
    ],
    "advocacy:campaign_edit": [
        ("the form", "get", _campaign(), ADVOCACY),
        ("posted empty", "post", _campaign(), ADVOCACY),
        ("no such campaign", "get", lambda o: NO_CAMPAIGN, MISSING),
    ],
    "advocacy:milestone_add": [
        ("posted empty", "post", _campaign(), ADVOCACY),
        ("asked by GET", "get", _campaign(), POST_ONLY),
        ("no such campaign", "post", lambda o: NO_CAMPAIGN, MISSING),
    ],
    "advocacy:milestone_done": [
        ("already done: nothing changes", "post", _milestone, REDIRECT),
        ("asked by GET", "get", _milestone, POST_ONLY),
        ("no such milestone", "post", _campaign(pk=999999), MISSING),
    ],
}


def objects(base):
    import datetime

    from duo.accounts.roles import Role
    from duo.advocacy import services
    from duo.advocacy.models import Level, Milestone
    from duo.testimony.models import Area
    from tests.factories_advocacy import StakeholderFactory

    officer = base["users"][Role.OFFICER]
    recommendation = services.recommendation_create(
        by=officer, code="matrix-recommendation", area=Area.EQUAL_OPPORTUNITIES, level=Level.REGIONAL,
        title_fr="Un cadre de financement", title_en="A funding framework")
    cabinet = StakeholderFactory(name="Matrix campaign target")
    target = services.target_add(by=officer, recommendation=recommendation, stakeholder=cabinet)
    campaign = services.campaign_save(by=officer, name="Matrix memorandum", slug="matrix-recommendations-campaign",
                                      starts_on=datetime.date(2026, 1, 1),
                                      ends_on=datetime.date(2026, 12, 31),
                                      recommendations=[recommendation], stakeholders=[cabinet])
    milestone = Milestone.objects.create(campaign=campaign, on=datetime.date(2026, 3, 1), title="Memorandum sent", done=True)
    return {"adv_recommendation": recommendation, "adv_target": target, "adv_campaign": campaign,
            "adv_milestone": milestone}
