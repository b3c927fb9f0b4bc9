"""`python -m duo.matching solve INSTANCE.json`, run as people who bring their own scores run it."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from .test_matching_solver import milp_optimum, random_instance

ROOT = Path(__file__).resolve().parent.parent


def run(*args, stdin=None, python_flags=()):
    return subprocess.run([sys.executable, *python_flags, "-m", "duo.matching", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=60)


def as_json(scores, capacities=None, locked=None):
    instance = {"scores": [[None if np.isnan(x) else float(x) for x in row] for row in scores]}
    if capacities is not None:
        instance["capacities"] = [int(x) for x in capacities]
    if locked is not None:
        instance["locked"] = np.asarray(locked).tolist()
    return json.dumps(instance)


@pytest.mark.parametrize("seed", [1, 2])
def test_solve_prints_the_optimum_an_independent_solver_finds(tmp_path, seed):
    scores, capacities, locked = random_instance(seed)
    path = tmp_path / "instance.json"
    path.write_text(as_json(scores, capacities, locked))
    done = run("solve", str(path))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    answer = json.loads(lines[0])
    assert set(answer) == {"pairs", "total_score"}
    pairs = [tuple(p) for p in answer["pairs"]]
    rows = [i for i, _ in pairs]
    assert len(rows) == len(set(rows))
    assert (np.bincount([j for _, j in pairs], minlength=scores.shape[1]) <= capacities).all()
    assert {tuple(p) for p in locked.tolist()} <= set(pairs)
    assert answer["total_score"] == pytest.approx(sum(scores[i, j] for i, j in pairs))
    assert answer["total_score"] == pytest.approx(milp_optimum(scores, capacities, locked, 0.0), abs=1e-6)


def test_solve_reads_standard_input_and_leaves_unprofitable_rows_unmatched():
    done = run("solve", "-", stdin='{"scores": [[80, null, 40], [null, 55, 60], [-3, null, null]], '
                                   '"capacities": [1, 2, 1], "locked": [[0, 2]], "note": "ignored"}')
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"pairs": [[0, 2], [1, 1]], "total_score": 95.0}


MALFORMED = [
    ('{"scores": [[1, 2], [3, 4]', "not valid JSON"),
    ('[[1, 2], [3, 4]]', "expected a JSON object"),
    ('{"capacities": [1]}', 'missing key "scores"'),
    ('{"scores": [[1, 2], [3]]}', "scores row 1: length 1, but row 0 has length 2"),
    ('{"scores": [1, 2]}', "scores row 0"),
    ('{"scores": [[1, 2], [3, "x"]]}', 'scores row 1, column 1: "x" is not a number'),
    ('{"scores": [[1, 2], [true, 4]]}', "scores row 1, column 0: true"),
    ('{"scores": [[1, NaN], [3, 4]]}', "scores row 0, column 1: NaN"),
    ('{"scores": [[1, 2], [-Infinity, 4]]}', "scores row 1, column 0: -Infinity"),
    ('{"scores": [[1, 2], [3, 1e999]]}', "scores row 1, column 1"),
    ('{"scores": [[1, 2]], "capacities": [1, -1]}', "capacities, column 1: -1 is not a non-negative integer"),
    ('{"scores": [[1, 2]], "capacities": [1.5, 1]}', "capacities, column 0: 1.5"),
    ('{"scores": [[1, 2]], "capacities": [1, 1, 1]}', "capacities: has 3 values, expected 2"),
    ('{"scores": [[1, 2]], "locked": [[0, 2]]}', "locked[0]: column 2 is out of range"),
    ('{"scores": [[1, 2]], "locked": [[3, 0]]}', "locked[0]: row 3 is out of range"),
    ('{"scores": [[1, null]], "locked": [[0, 1]]}', "locked[0]: row 0, column 1 is a forbidden pair"),
    ('{"scores": [[1, 2]], "locked": [[0, 0], [0, 1]]}', "locked[1]: row 0 is locked twice"),
    ('{"scores": [[1, 2], [3, 4]], "locked": [[0, 1], [1, 1]]}', "locked[1]: column 1 is locked 2 times"),
    ('{"scores": [[1, 2]], "locked": [[0, "a"]]}', "locked[0]: expected a pair [row, column]"),
]


def test_malformed_input_exits_2_with_one_line_saying_what_and_where(tmp_path):
    # Started together: each is a fresh interpreter, and they do not depend on one another.
    running = []
    for k, (text, _) in enumerate(MALFORMED):
        path = tmp_path / f"bad{k}.json"
        path.write_text(text)
        running.append(subprocess.Popen([sys.executable, "-m", "duo.matching", "solve", str(path)], cwd=ROOT,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for process, (text, expected) in zip(running, MALFORMED):
        out, err = process.communicate(timeout=60)
        assert process.returncode == 2, text
        assert out == ""
        assert len(err.splitlines()) == 1, err
        assert expected in err, (text, err)


def test_a_missing_file_exits_2_naming_it(tmp_path):
    done = run("solve", str(tmp_path / "nowhere.json"))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"error: {tmp_path / 'nowhere.json'}: No such file or directory"]


def test_help_documents_the_command_and_the_format():
    done = run("solve", "--help")
    assert done.returncode == 0
    assert "INSTANCE.json" in done.stdout and '"capacities"' in done.stdout and "exit codes" in done.stdout
    assert "solve" in run("--help").stdout


def test_the_command_line_does_not_load_django(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text('{"scores": [[1, 2], [3, null]]}')
    done = run("solve", str(path), python_flags=("-X", "importtime"))
    assert done.returncode == 0
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line]
    assert "numpy" in imported
    assert not [name for name in imported if name.split(".")[0] == "django"]
