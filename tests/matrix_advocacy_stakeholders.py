"""Permission-matrix entries for advocacy's stakeholders and contacts pages; see tests/test_permission_matrix.py.

Administrators and officers read and change (advocacy.view / advocacy.change); coordinators, researchers and
viewers get 403 everywhere, before any lookup, so an unknown object is 404 only for the first two. Every POST is
empty: the form comes back with its errors and nothing is written (a contact is personal data: audited).
"""

from tests.matrix_levels import expect

# Administrators and officers (advocacy.view / advocacy.change); coordinators, researchers and viewers get 403.
ADVOCACY = expect(302, 200, 403, 200, 403, 403)
MISSING = expect(302, 404, 403, 404, 403, 403)
# Erasing a contact: administrators only (people.erase), checked before the contact is looked up.
ADMINISTRATORS = expect(302, 200, 403, 403, 403, 403)
ADMINISTRATORS_MISSING = expect(302, 404, 403, 403, 403, 403)


def _pk(key):
    return lambda o: {"pk": o[key].pk}


NO_SUCH = lambda o: {"pk": 999999}  # noqa: E731

ENTRIES: dict = {
    "advocacy:stakeholders": [("the list", "get", None, ADVOCACY)],
    "advocacy:stakeholder": [
        ("a stakeholder's dossier", "get", _pk("adv_sh_parent"), ADVOCACY),
        ("no such stakeholder", "get", NO_SUCH, MISSING),
    ],
    "advocacy:stakeholder_add": [
        ("the form", "get", None, ADVOCACY),
        ("posted empty", "post", None, ADVOCACY),
    ],
    "advocacy:stakeholder_edit": [
        ("the form", "get", _pk("adv_sh_child"), ADVOCACY),
        ("posted empty", "post", _pk("adv_sh_child"), ADVOCACY),
        ("no such stakeholder", "get", NO_SUCH, MISSING),
    ],
    "advocacy:contacts": [("the list", "get", None, ADVOCACY)],
    "advocacy:contact": [
        ("a contact's dossier", "get", _pk("adv_sh_contact"), ADVOCACY),
        ("no such contact", "get", NO_SUCH, MISSING),
    ],
    "advocacy:contact_add": [
        ("the form", "get", None, ADVOCACY),
        ("posted empty", "post", None, ADVOCACY),
    ],
    "advocacy:contact_edit": [
        ("the form", "get", _pk("adv_sh_contact"), ADVOCACY),
        ("posted empty", "post", _pk("adv_sh_contact"), ADVOCACY),
        ("no such contact", "get", NO_SUCH, MISSING),
    ],
    "advocacy:contact_erase": [
        ("the confirmation page", "get", _pk("adv_sh_contact"), ADMINISTRATORS),
        ("posted empty: errors, nothing erased", "post", _pk("adv_sh_contact"), ADMINISTRATORS),
        ("no such contact", "get", NO_SUCH, ADMINISTRATORS_MISSING),
    ],
    "advocacy:position_add": [
        ("the form", "get", _pk("adv_sh_contact"), ADVOCACY),
        ("posted empty", "post", _pk("adv_sh_contact"), ADVOCACY),
        ("no such contact", "get", NO_SUCH, MISSING),
    ],
    "advocacy:position_edit": [
        ("the form", "get", _pk("adv_sh_position"), ADVOCACY),
        ("posted empty", "post", _pk("adv_sh_position"), ADVOCACY),
        ("no such position", "get", NO_SUCH, MISSING),
    ],
    "advocacy:position_end": [
        ("the form", "get", _pk("adv_sh_position"), ADVOCACY),
        ("posted without a date", "post", _pk("adv_sh_position"), ADVOCACY),
        ("no such position", "post", NO_SUCH, MISSING),
    ],
    "advocacy:stakeholders_import": [
        ("the form", "get", None, ADVOCACY),
        ("posted without a file", "post", None, ADVOCACY),
    ],
    "advocacy:stakeholders_template": [("the XLSX template", "get", None, ADVOCACY)],
}


def objects(base):
    from tests.factories_advocacy import PositionFactory, StakeholderFactory

    parent = StakeholderFactory(name="Matrix government")
    child = StakeholderFactory(name="Matrix minister's office", parent=parent)
    position = PositionFactory(stakeholder=child, role="Head of cabinet")
    return {"adv_sh_parent": parent, "adv_sh_child": child, "adv_sh_position": position,
            "adv_sh_contact": position.contact}
