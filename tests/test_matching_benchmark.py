"""The matching benchmark runs end to end on a tiny pool and prints its one JSON line."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEYS = {"n", "m", "pairs_kept", "load_s", "score_s", "solve_s", "total_s", "total_score", "optimal_score", "gap",
        "peak_rss_mb"}


def _run(*args):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "matching.py"), *args],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def test_the_benchmark_reaches_the_independent_optimum_on_a_small_pool():
    out = _run("--mentees", "150", "--mentors", "120", "--seed", "3")
    assert KEYS <= set(out)
    assert (out["n"], out["m"]) == (150, 120)
    assert out["pairs_kept"] > 0 and out["proposed"] > 0
    assert out["optimal_score"] is not None
    assert abs(out["gap"]) < 1e-6


def test_pruned_candidates_stay_within_the_rules_and_report_their_gap():
    out = _run("--mentees", "150", "--mentors", "120", "--seed", "3", "--candidates", "5")
    assert out["method"].startswith("sparse")
    assert out["gap"] is not None and out["gap"] >= -1e-9
