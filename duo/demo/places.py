"""The demo antennas and where their people live: real postal codes near each office."""

from dataclasses import dataclass

from duo.organisation.models import Antenna, Region
from duo.reference.models import PostalCode

from .draw import Dist


@dataclass(frozen=True)
class AntennaSpec:
    code: str
    name: str
    region: str
    city: str
    postal_code: str
    latitude: float
    longitude: float
    language: str  # the language most of its duos use
    employment_service: str
    weight: int  # share of the organisation's duos
    city_nis: str = ""  # Statbel code of the city itself; empty outside Belgium
    prefixes: tuple[str, ...] = ()  # postal-code prefixes of the surrounding province


SPECS = (
    AntennaSpec("brussels", "Bruxelles-Brussel", "brussels", "Bruxelles", "1000", 50.8467, 4.3525, "fr", "actiris",
                35, "21004"),
    AntennaSpec("liege", "Liège", "wallonia", "Liège", "4000", 50.6326, 5.5797, "fr", "forem", 14, "62063",
                ("40", "41", "42", "43", "44", "45", "46")),
    AntennaSpec("charleroi", "Charleroi", "wallonia", "Charleroi", "6000", 50.4108, 4.4446, "fr", "forem", 11,
                "52011", ("60", "61", "62", "64", "65", "71")),
    AntennaSpec("antwerp", "Antwerpen", "flanders", "Antwerpen", "2000", 51.2194, 4.4025, "nl", "vdab", 14, "11002",
                ("2",)),
    AntennaSpec("ghent", "Gent", "flanders", "Gent", "9000", 51.0543, 3.7174, "nl", "vdab", 11, "44021", ("9",)),
    AntennaSpec("paris", "Paris", "ile-de-france", "Paris", "75010", 48.8566, 2.3522, "fr", "france_travail", 15),
)

# Paris arrondissements; the demo keeps Paris people inside the city, with no Belgian municipality.
PARIS_CODES = tuple(f"750{n:02d}" for n in range(1, 21))
# Share of an antenna's people living in the city itself rather than the surrounding province.
CITY_SHARE = 0.55


def ensure_antennas() -> dict[str, Antenna]:
    regions = {r.code: r for r in Region.objects.all()}
    antennas = {}
    for spec in SPECS:
        antennas[spec.code], _ = Antenna.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name, "region": regions[spec.region], "city": spec.city,
                "postal_code": spec.postal_code, "latitude": spec.latitude, "longitude": spec.longitude,
            },
        )
    return antennas


class Addresses:
    """Draws (postal code, municipality id) pairs near an antenna, from the reference tables."""

    def __init__(self):
        rows = list(
            PostalCode.objects.select_related("municipality__region")
            .order_by("code", "municipality__nis_code")
            .values_list("code", "municipality_id", "municipality__nis_code", "municipality__region__code")
        )
        self.by_antenna = {}
        for spec in SPECS:
            if spec.region == "ile-de-france":
                self.by_antenna[spec.code] = Dist({(code, None): 1 for code in PARIS_CODES})
                continue
            city = [(code, mid) for code, mid, nis, _ in rows if nis == spec.city_nis]
            if spec.prefixes:
                around = [(code, mid) for code, mid, nis, region in rows
                          if region == spec.region and code.startswith(spec.prefixes) and nis != spec.city_nis]
            else:
                around = [(code, mid) for code, mid, nis, region in rows
                          if region == spec.region and nis != spec.city_nis]
            weights = {pair: CITY_SHARE / len(city) for pair in city}
            for pair in around:
                weights[pair] = weights.get(pair, 0) + (1 - CITY_SHARE) / len(around)
            self.by_antenna[spec.code] = Dist(weights)

    def draw(self, rng, antenna_code):
        return self.by_antenna[antenna_code].draw(rng)
