"""Which pipeline moves are allowed. Pure Python: the stages are plain strings here."""

MENTEE_FLOW = ["applied", "contacted", "info_session", "intake_done", "ready", "matched"]
MENTOR_FLOW = ["applied", "contacted", "info_session", "intake_done", "training_done", "ready", "matched"]
EXITS = ("withdrawn", "not_eligible", "no_response")


def flow(kind: str) -> list[str]:
    return MENTEE_FLOW if kind == "mentee" else MENTOR_FLOW


def allowed_targets(kind: str, current: str) -> list[str]:
    """Forward to any later open stage (a coordinator may do two steps in one call), out to an exit,
    or back into the pipeline after an exit. "Matched" is reached only through matching."""
    stages = flow(kind)
    if current in EXITS:
        return ["applied", "contacted"]
    if current not in stages:
        return []
    later = stages[stages.index(current) + 1:]
    return [s for s in later if s != "matched"] + [s for s in EXITS]


def needs_reason(target: str) -> bool:
    return target in EXITS
