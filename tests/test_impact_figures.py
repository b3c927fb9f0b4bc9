"""Impact figures against a recomputation written here, independently, from the raw records of a demo organisation.

The snapshot reads the database with grouped SQL and polars; these tests read it row by row through the ORM and
count in plain Python, as a reviewer checking the figures would. Both must agree to the unit.
"""

import csv
import datetime
import io
import json
from collections import defaultdict

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from scipy.optimize import linprog

from duo.barrier.models import Barrier
from duo.impact.models import Snapshot
from duo.journeys import choices as jc
from duo.journeys.models import Duo, Outcome
from duo.survey.models import Answer, Invitation

ENDED = {"completed", "ended_early", "closed"}


def table(*args):
    out = io.StringIO()
    call_command("impact_table", *args, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def cells(rows, *dims):
    return {tuple(r[d] for d in dims): r for r in rows}


def duos():
    return list(Duo.objects.select_related("antenna", "mentee__person", "mentor").order_by("pk"))


def latest_outcomes(horizon):
    found = {}
    for o in Outcome.objects.filter(horizon=horizon).order_by("observed_on", "pk"):
        found[o.duo_id] = o.category  # later records overwrite earlier ones
    return found


def by_antenna_and_gender(pairs):
    """(duo, yes/no) pairs -> {(antenna, gender): [numerator, denominator]} with every margin."""
    counts = defaultdict(lambda: [0, 0])
    for duo, yes in pairs:
        gender = duo.mentee.person.gender or "unknown"
        for key in ((duo.antenna.code, gender), (duo.antenna.code, "*"), ("*", gender), ("*", "*")):
            counts[key][0] += int(yes)
            counts[key][1] += 1
    return counts


def test_positive_exit_and_stable_job_at_12_months_by_antenna_and_gender(organisation, db):
    today = timezone.localdate()
    at_12 = latest_outcomes("12m")
    population = [d for d in duos() if d.status in ENDED and d.ended_on and d.ended_on + relativedelta(months=12) <= today
                  and d.pk in at_12 and at_12[d.pk] != "unknown"]
    assert len(population) > 50
    for indicator, good in (("positive_exit_12m", jc.POSITIVE_EXIT), ("stable_job_12m", jc.STABLE_JOB)):
        expected = by_antenna_and_gender((d, at_12[d.pk] in good) for d in population)
        got = cells(table(indicator, "--by", "antenna,gender"), "antenna", "gender")
        assert set(expected) <= set(got)
        # The grid is complete: combinations nobody falls in are there with no one in them.
        assert all(int(got[key]["denominator"]) == 0 for key in set(got) - set(expected))
        for key, (numerator, denominator) in expected.items():
            assert (int(got[key]["numerator"]), int(got[key]["denominator"])) == (numerator, denominator), key
            assert float(got[key]["value"]) == pytest.approx(numerator / denominator, abs=5e-5)
            assert float(got[key]["ci_low"]) <= float(got[key]["value"]) <= float(got[key]["ci_high"])


def test_term_early_end_and_waiting_days(organisation, db):
    ended = [d for d in duos() if d.status in ENDED and d.ended_on]
    early = [d for d in ended if d.status == "ended_early" or d.end_reason]
    total = cells(table("ended_early"), )[()]
    assert (int(total["numerator"]), int(total["denominator"])) == (len(early), len(ended))
    term = cells(table("duo_reached_term"))[()]
    assert int(term["numerator"]) == len(ended) - len(early)

    waits = []
    for d in duos():
        since = d.mentee.ready_on or d.mentee.applied_on
        if since and (d.matched_on - since).days >= 0:
            waits.append((d.matched_on - since).days)
    got = cells(table("days_to_match"))[()]
    assert int(got["denominator"]) == len(waits)
    assert float(got["value"]) == pytest.approx(sum(waits) / len(waits), abs=1e-3)


def test_mentors_matched_again_within_six_months(organisation, db):
    today = timezone.localdate()
    every = duos()
    yes = no = 0
    for d in every:
        if d.status not in ENDED or not d.ended_on or d.ended_on + relativedelta(months=6) > today:
            continue
        window = d.ended_on + relativedelta(months=6)
        later = [o for o in every if o.mentor_id == d.mentor_id and (o.matched_on, o.pk) > (d.matched_on, d.pk)]
        if later and min(o.matched_on for o in later) <= window:
            yes += 1
        else:
            no += 1
    got = cells(table("mentor_reenrolled"))[()]
    assert (int(got["numerator"]), int(got["denominator"])) == (yes, yes + no)


def scale_means(kind, scale=None, code=None):
    """Per duo: the mean of the numeric answers of one survey kind on one scale (or one question)."""
    sums = defaultdict(list)
    answers = Answer.objects.filter(response__version__instrument__kind=kind, response__duo__isnull=False,
                                    question__type="likert5", number__isnull=False)
    answers = answers.filter(question__scale=scale) if scale else answers.filter(question__code=code)
    for duo_id, number in answers.values_list("response__duo_id", "number"):
        sums[duo_id].append(number)
    return {k: sum(v) / len(v) for k, v in sums.items()}


def test_survey_figures_pair_the_same_mentees_answers(organisation, db):
    before, after = scale_means("mentee_baseline", "capital_social"), scale_means("mentee_end", "capital_social")
    paired = [k for k in before if k in after]
    assert len(paired) >= 5
    widened = cells(table("network_widened"))[()]
    assert int(widened["denominator"]) == len(paired)
    assert int(widened["numerator"]) == sum(1 for k in paired if after[k] > before[k])
    change = cells(table("capital_social_change"))[()]
    assert float(change["value"]) == pytest.approx(sum(after[k] - before[k] for k in paired) / len(paired), abs=1e-3)

    # One item on its own (confidence), and the mentors' end survey.
    before, after = scale_means("mentee_baseline", code="confidence"), scale_means("mentee_end", code="confidence")
    paired = [k for k in before if k in after]
    confident = cells(table("confidence_increased"))[()]
    assert (int(confident["numerator"]), int(confident["denominator"])) == (
        sum(1 for k in paired if after[k] > before[k]), len(paired))
    useful = scale_means("mentor_end", "useful")
    got = cells(table("mentor_feels_useful"))[()]
    assert (int(got["numerator"]), int(got["denominator"])) == (sum(1 for v in useful.values() if v >= 4), len(useful))

    satisfied = scale_means("mentee_end", "satisfaction")
    got = cells(table("satisfaction"))[()]
    assert int(got["denominator"]) == len(satisfied)
    assert int(got["numerator"]) == sum(1 for v in satisfied.values() if v >= 4)

    # The reliability flag reads the response rate among everyone asked, not among those who answered.
    from duo.impact import snapshot as snapshots
    from duo.impact import tables

    asked = Invitation.objects.filter(duo__isnull=False, version__instrument__kind="mentee_end")
    total = tables.table(snapshots.load(organisation), indicator="satisfaction").total
    assert total.response_rate == pytest.approx(asked.filter(status="completed").count() / asked.count())
    assert total.response_rate < 1

    invitations = Invitation.objects.filter(duo__isnull=False)
    rate = cells(table("survey_response_rate"))[()]
    assert int(rate["denominator"]) == invitations.count()
    assert int(rate["numerator"]) == invitations.filter(status="completed").count()


def test_barrier_counts(organisation, db):
    with_language = set(Barrier.objects.filter(kind="language").values_list("person_id", flat=True))
    every = duos()
    got = cells(table("barrier_language"))[()]
    assert int(got["denominator"]) == len(every)
    assert int(got["numerator"]) == sum(1 for d in every if d.mentee.person_id in with_language)


def _range(rows, dims, hidden_key, field):
    """The attacker: min and max of a hidden cell's `field` given every published cell and the table's sums."""
    keys = [tuple(r[d] for d in dims) for r in rows]
    hidden = [k for k, r in zip(keys, rows) if r["flag"] == ":c"]
    known = {k: float(r[field]) for k, r in zip(keys, rows) if r["flag"] != ":c"}
    index = {k: i for i, k in enumerate(hidden)}
    equations, totals = [], []
    for key in keys:
        for pos, part in enumerate(key):
            if part != "*":
                continue
            members = [k for k in keys if all(a == b or (i == pos and b != "*") for i, (a, b) in enumerate(zip(key, k)))
                       and k[pos] != "*" and k != key]
            row, constant = [0.0] * len(hidden), 0.0
            for k in [key] + members:
                sign = -1.0 if k == key else 1.0
                if k in index:
                    row[index[k]] += sign
                else:
                    constant -= sign * known[k]
            equations.append(row)
            totals.append(constant)
    bounds = [(0, None)] * len(hidden)
    objective = [0.0] * len(hidden)
    objective[index[hidden_key]] = 1.0
    low = linprog(objective, A_eq=equations, b_eq=totals, bounds=bounds, method="highs")
    high = linprog([-c for c in objective], A_eq=equations, b_eq=totals, bounds=bounds, method="highs")
    return low.fun, (-high.fun if high.status == 0 else float("inf"))


def test_public_table_hides_small_cells_and_the_margins_do_not_give_them_away(organisation, db):
    rows = table("positive_exit_12m", "--by", "antenna,gender", "--public")
    hidden = [r for r in rows if r["flag"] == ":c"]
    assert hidden, "the demo has small cells (few men or 'other' per antenna): some must be hidden"
    for r in rows:
        if r["flag"] == ":c":
            assert r["numerator"] == r["denominator"] == r["value"] == ""
        else:
            assert int(r["denominator"]) == 0 or int(r["denominator"]) >= 10
    for r in hidden:
        key = (r["antenna"], r["gender"])
        for field in ("denominator", "numerator"):
            low, high = _range(rows, ("antenna", "gender"), key, field)
            assert high - low >= 1, (key, field, low, high)


def test_the_same_snapshot_gives_the_same_table_and_json_names_it(organisation, db):
    out = io.StringIO()
    call_command("impact_table", "duo_reached_term", "--by", "region", "--format", "json",
                 "--snapshot", str(organisation.pk), stdout=out)
    first = json.loads(out.getvalue())
    assert first["snapshot"] == {"id": organisation.pk, "hash": organisation.content_hash,
                                 "as_of": organisation.as_of.isoformat()}
    assert [r["region"] for r in first["rows"]][-1] == "*"
    again = io.StringIO()
    call_command("impact_table", "duo_reached_term", "--by", "region", "--format", "json", stdout=again)
    assert json.loads(again.getvalue())["rows"] == first["rows"]


@pytest.mark.parametrize("args, named", [
    (["no_such_indicator"], "positive_exit_12m"),
    (["positive_exit_12m", "--by", "antenna,shoe_size"], "antenna"),
])
def test_unknown_names_exit_with_code_2_and_list_the_valid_ones(organisation, db, args, named):
    with pytest.raises(CommandError) as raised:
        call_command("impact_table", *args, stdout=io.StringIO())
    assert raised.value.returncode == 2
    assert named in str(raised.value)


def test_a_snapshot_never_changes_once_taken(organisation, db):
    organisation.note = "edited"
    with pytest.raises(Exception):
        organisation.save()
    assert Snapshot.objects.get().note == "demo"
    assert organisation.as_of <= datetime.date.today() + datetime.timedelta(days=1)
