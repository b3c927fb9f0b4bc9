"""Staff roles and what each may do. The only place that maps a role to its capabilities."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    OFFICER = "officer", _("Impact & advocacy officer")
    RESEARCHER = "researcher", _("Researcher")
    VIEWER = "viewer", _("Viewer")


# Capabilities. Personal capabilities are additionally limited to the user's antennas
# (administrators excepted) by duo.accounts.scoping.
PEOPLE_VIEW = "people.view"
PEOPLE_CHANGE = "people.change"
SPECIAL_CATEGORY_VIEW = "special_category.view"
DUOS_VIEW = "duos.view"
DUOS_CHANGE = "duos.change"
AGGREGATES_VIEW = "aggregates.view"
AUDIT_VIEW = "audit.view"
JOBS_VIEW = "jobs.view"
ADMIN_SITE = "admin.site"
REFERENCE_CHANGE = "reference.change"
# Survey answers leave as pseudonymised tables (no names, no free text): for the impact work and research.
RESPONSES_EXPORT = "responses.export"
# Participants' quotes: who said what is personal, so reading them is a capability of its own.
TESTIMONIES_VIEW = "testimonies.view"
TESTIMONIES_CHANGE = "testimonies.change"
# Figures broken down by origin group (special-category data, in aggregate only).
ORIGIN_AGGREGATES = "aggregates.origin"
# Taking impact snapshots and entering the reference rates figures are compared with.
IMPACT_CHANGE = "impact.change"
# Publications: reading drafts and commenting on them; writing, publishing and editing the public site's pages.
PUBLICATIONS_VIEW = "publications.view"
PUBLICATIONS_CHANGE = "publications.change"
# Advocacy: stakeholders and their contacts, recommendations, interactions, campaigns. The observatory (barriers in
# aggregate, after disclosure control) is read more widely: coordinators see what their field work adds up to.
ADVOCACY_VIEW = "advocacy.view"
ADVOCACY_CHANGE = "advocacy.change"
OBSERVATORY_VIEW = "observatory.view"
# Pseudonymised, k-anonymous microdata for a research partner under a data-use agreement (duo.research): made and
# handed over by administrators and officers, who answer for each hand-over. Researcher accounts do not download
# them: the file goes to the recipient named in the agreement, not to every researcher with a login.
RESEARCH_EXPORT = "research.export"
# Erasing a person (GDPR art. 17): irreversible, so administrators only (duo.privacy.erasure).
PERSON_ERASE = "people.erase"

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ADMINISTRATOR: frozenset(
        {PEOPLE_VIEW, PEOPLE_CHANGE, SPECIAL_CATEGORY_VIEW, DUOS_VIEW, DUOS_CHANGE, AGGREGATES_VIEW,
         AUDIT_VIEW, JOBS_VIEW, ADMIN_SITE, REFERENCE_CHANGE, RESPONSES_EXPORT, TESTIMONIES_VIEW,
         TESTIMONIES_CHANGE, ORIGIN_AGGREGATES, IMPACT_CHANGE, PUBLICATIONS_VIEW, PUBLICATIONS_CHANGE,
         ADVOCACY_VIEW, ADVOCACY_CHANGE, OBSERVATORY_VIEW, RESEARCH_EXPORT, PERSON_ERASE}
    ),
    Role.COORDINATOR: frozenset(
        {PEOPLE_VIEW, PEOPLE_CHANGE, SPECIAL_CATEGORY_VIEW, DUOS_VIEW, DUOS_CHANGE, AGGREGATES_VIEW,
         JOBS_VIEW, ADMIN_SITE, TESTIMONIES_VIEW, TESTIMONIES_CHANGE, ORIGIN_AGGREGATES, PUBLICATIONS_VIEW,
         OBSERVATORY_VIEW}
    ),
    # Officers work on aggregates and publications, never on personal files.
    # They choose, tag and translate the quotes publications use, authors shown only as consented.
    # Equal-opportunities advocacy needs outcome gaps by origin group: in aggregate, after disclosure control.
    Role.OFFICER: frozenset({AGGREGATES_VIEW, JOBS_VIEW, RESPONSES_EXPORT, TESTIMONIES_VIEW, TESTIMONIES_CHANGE,
                             ORIGIN_AGGREGATES, IMPACT_CHANGE, PUBLICATIONS_VIEW, PUBLICATIONS_CHANGE,
                             ADVOCACY_VIEW, ADVOCACY_CHANGE, OBSERVATORY_VIEW, RESEARCH_EXPORT}),
    # Researchers see nothing personal. Research exports go to the recipient a data-use agreement names, made by
    # administrators or officers (duo/research), not downloaded by every researcher account.
    Role.RESEARCHER: frozenset({AGGREGATES_VIEW, RESPONSES_EXPORT, PUBLICATIONS_VIEW}),
    # Viewers read the people and duos of their antennas, change nothing, see no special category.
    Role.VIEWER: frozenset({PEOPLE_VIEW, DUOS_VIEW, AGGREGATES_VIEW}),
}

# Roles whose personal access is limited to the antennas they are attached to.
ANTENNA_SCOPED = frozenset({Role.COORDINATOR, Role.VIEWER})
