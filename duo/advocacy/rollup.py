"""A recommendation's standing, rolled up from its targets. Pure: no Django, tested with hypothesis.

The rolled-up status is the furthest any live target reached (a recommendation adopted in one region is adopted
somewhere, and the timeline says where); it is "rejected" only when every target rejected it. Progress is the
mean of the targets' progress, rejected ones counting 0, so that one success among ten targets reads as 10 %,
not 100 %.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

ORDER = ("not_raised", "raised", "discussed", "supported", "committed", "implemented", "rejected")
RANK = {s: i for i, s in enumerate(ORDER)}
REJECTED = "rejected"


@dataclass(frozen=True)
class Standing:
    status: str
    progress: int
    targets: int
    counts: dict = field(default_factory=dict)


def rollup(targets: Iterable[tuple[str, int]]) -> Standing:
    """`targets`: (status, progress) pairs. No target: not yet raised, 0 %."""
    pairs = [(s, max(0, min(100, int(p)))) for s, p in targets]
    if not pairs:
        return Standing("not_raised", 0, 0, {})
    counts = Counter(s for s, _p in pairs)
    live = [s for s, _p in pairs if s != REJECTED]
    status = max(live, key=RANK.__getitem__) if live else REJECTED
    progress = round(sum(0 if s == REJECTED else p for s, p in pairs) / len(pairs))
    return Standing(status, progress, len(pairs), {s: counts[s] for s in ORDER if counts[s]})
