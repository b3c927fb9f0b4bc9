"""Expected answers per role, shared by every permission-matrix module."""

from duo.accounts.roles import Role

ANON = "anonymous"
ROLES = [ANON, Role.ADMINISTRATOR, Role.COORDINATOR, Role.OFFICER, Role.RESEARCHER, Role.VIEWER]


def expect(anon, admin_, coord, officer, researcher, viewer):
    return dict(zip(ROLES, (anon, admin_, coord, officer, researcher, viewer)))


ALL_OK = expect(200, 200, 200, 200, 200, 200)
STAFF = expect(302, 200, 200, 200, 200, 200)
PEOPLE_READ = expect(302, 200, 200, 403, 403, 200)
PEOPLE_WRITE = expect(302, 200, 200, 403, 403, 403)
# Someone else's antenna: the coordinator and viewer get 404, as if it did not exist.
FOREIGN_READ = expect(302, 200, 404, 403, 403, 404)
FOREIGN_WRITE = expect(302, 200, 404, 403, 403, 403)
