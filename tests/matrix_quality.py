"""Permission-matrix entries for the programme-quality page; see tests/test_permission_matrix.py.

Aggregates only, so every staff role may read it; coordinators and viewers see their antennas' figures
(tests/test_quality.py checks that another antenna's id in the filter shows nothing of it).
"""

from tests.matrix_levels import STAFF

ENTRIES: dict = {
    "quality:antenna": [("the quality page", "get", None, STAFF)],
    "quality:csv": [("its CSV", "get", None, STAFF)],
}


def objects(base: dict) -> dict:
    return {}
