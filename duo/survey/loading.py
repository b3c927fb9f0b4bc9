"""Loading the shipped defaults: shared by the load_instruments command and seed_demo."""

from .defaults import INSTRUMENTS
from .models import Instrument
from .services import create_published


def load_missing() -> list[str]:
    """Create each default instrument whose code is not taken; return the codes created."""
    existing = set(Instrument.objects.values_list("code", flat=True))
    created = []
    for spec in INSTRUMENTS:
        if spec["code"] not in existing:
            create_published(spec=spec)
            created.append(spec["code"])
    return created
