"""The roll-up of a recommendation's standing from its targets (duo.advocacy.rollup), as properties: what the
registry, the campaign grid and the dashboards show must never overstate how far an ask got."""

from hypothesis import given
from hypothesis import strategies as st

from duo.advocacy.models import DEFAULT_PROGRESS, Status
from duo.advocacy.rollup import ORDER, RANK, REJECTED, rollup

statuses = st.sampled_from(ORDER)
targets = st.lists(st.tuples(statuses, st.integers(min_value=-50, max_value=200)), max_size=12)


def test_the_pure_roll_up_knows_the_same_statuses_in_the_same_order_as_the_model():
    assert list(ORDER) == list(Status.values)


def test_no_target_is_not_yet_raised_at_nothing():
    standing = rollup([])
    assert (standing.status, standing.progress, standing.targets, standing.counts) == ("not_raised", 0, 0, {})


@given(targets)
def test_rejected_if_and_only_if_every_target_rejected(pairs):
    standing = rollup(pairs)
    assert (standing.status == REJECTED) == (bool(pairs) and all(s == REJECTED for s, _p in pairs))


@given(targets)
def test_progress_is_a_percentage(pairs):
    assert 0 <= rollup(pairs).progress <= 100


@given(targets, st.integers(min_value=0, max_value=100))
def test_adding_a_rejected_target_never_raises_progress(pairs, progress):
    assert rollup([*pairs, (REJECTED, progress)]).progress <= rollup(pairs).progress


@given(targets.filter(lambda p: any(s != REJECTED for s, _p in p)))
def test_the_status_is_the_furthest_any_live_target_reached(pairs):
    live = [s for s, _p in pairs if s != REJECTED]
    assert RANK[rollup(pairs).status] == max(RANK[s] for s in live)


@given(targets, st.randoms())
def test_the_order_of_the_targets_does_not_matter(pairs, random):
    shuffled = list(pairs)
    random.shuffle(shuffled)
    assert rollup(shuffled) == rollup(pairs)


@given(targets)
def test_every_target_is_counted_once(pairs):
    standing = rollup(pairs)
    assert standing.targets == len(pairs) == sum(standing.counts.values())


@given(st.lists(statuses, min_size=1, max_size=12))
def test_one_success_among_many_reads_as_a_small_share_with_default_progress(chosen):
    """With the usual progress of each status, the mean never exceeds the furthest target's progress."""
    pairs = [(s, DEFAULT_PROGRESS[s]) for s in chosen]
    assert rollup(pairs).progress <= max(p for _s, p in pairs)


def test_one_implemented_target_among_ten_not_raised_reads_ten_percent():
    standing = rollup([("implemented", 100)] + [("not_raised", 0)] * 9)
    assert (standing.status, standing.progress) == ("implemented", 10)
