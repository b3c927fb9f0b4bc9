# Outcomes live in outcomes.py; the name stays here for the callers that knew it first.
from .outcomes import outcome_record  # noqa: F401
