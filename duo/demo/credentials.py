"""The demo staff logins, in one place: seed_demo creates them and demo_logins prints them.

These passwords are public by design (printed at every `make run`): they exist only in databases
built by seed_demo, which must never be run against a production database.
"""

from dataclasses import dataclass

from duo.accounts.roles import Role

DOMAIN = "demo.duo"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str
    full_name: str
    language: str
    antennas: tuple[str, ...] = ()  # antenna codes; empty for roles that are not antenna-scoped


# Passphrases rather than words close to the email, so Django's similarity validator accepts them.
LOGINS = (
    DemoLogin(f"admin@{DOMAIN}", "violet-harbour-kettle-42", Role.ADMINISTRATOR, "Nadia Lemaire", "fr"),
    DemoLogin(f"coordinator.brussels@{DOMAIN}", "copper-lantern-meadow-17", Role.COORDINATOR, "Karim Janssens",
              "fr", ("brussels",)),
    DemoLogin(f"coordinator.liege@{DOMAIN}", "quiet-river-pebble-58", Role.COORDINATOR, "Sophie Renard",
              "fr", ("liege",)),
    DemoLogin(f"coordinator.charleroi@{DOMAIN}", "amber-window-thistle-63", Role.COORDINATOR, "Marc Dubois",
              "fr", ("charleroi",)),
    DemoLogin(f"coordinator.antwerp@{DOMAIN}", "silver-orchard-compass-24", Role.COORDINATOR, "Els Peeters",
              "nl", ("antwerp",)),
    DemoLogin(f"coordinator.ghent@{DOMAIN}", "linen-harvest-beacon-81", Role.COORDINATOR, "Pieter De Smet",
              "nl", ("ghent",)),
    DemoLogin(f"coordinator.paris@{DOMAIN}", "granite-swallow-ribbon-36", Role.COORDINATOR, "Claire Moreau",
              "fr", ("paris",)),
    DemoLogin(f"officer@{DOMAIN}", "maple-tunnel-sparrow-95", Role.OFFICER, "Yasmina El Amrani", "fr"),
    DemoLogin(f"researcher@{DOMAIN}", "cobalt-meadow-anchor-27", Role.RESEARCHER, "Tom Verstraeten", "en"),
    DemoLogin(f"viewer@{DOMAIN}", "saffron-bridge-willow-73", Role.VIEWER, "Julie Martin", "fr",
              ("brussels", "liege")),
)


def coordinator_email(antenna_code: str) -> str | None:
    for login in LOGINS:
        if login.role == Role.COORDINATOR and antenna_code in login.antennas:
            return login.email
    return None
