"""`python -m duo.matching solve INSTANCE.json`: the exact solver for people who bring their own scores.

Reads {"scores": [[...], ...], "capacities": [...], "locked": [[i, j], ...]} (rows are mentees, columns
mentors, null a forbidden pair; capacities and locked optional) and prints one line
{"pairs": [[i, j], ...], "total_score": x}: a maximum-total-score matching among the allowed pairs.
Malformed input: exit code 2 and one line on stderr saying what is wrong and where.
No Django here: this runs without settings or a database.
"""

from __future__ import annotations

import argparse
import json
import sys

from duo.matching.instance import read_instance
from duo.matching.solver import InstanceError, solve_dense

EXAMPLE = """instance format (JSON):
  {"scores": [[80, null, 40], [null, 55, 60]],   rows = mentees, columns = mentors, null = forbidden
   "capacities": [1, 2, 1],                       optional, duos each mentor may take (default 1)
   "locked": [[0, 2]]}                            optional, (mentee, mentor) pairs to keep

prints one line: {"pairs": [[0, 2], [1, 1]], "total_score": 95.0}
exit codes: 0 solved, 2 malformed input (one line on stderr says what and where)"""


class _Constant:
    """NaN, Infinity or -Infinity as written in the file, so the reader can say where it was."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m duo.matching",
        description="Duo's matching engine on the command line.",
        epilog=EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    solve = commands.add_parser(
        "solve", help="the maximum-total-score matching of a score matrix",
        description="Print the maximum-total-score matching among allowed pairs (not every row need be "
                    "matched): each mentee at most once, each mentor at most its capacity, locked pairs kept.",
        epilog=EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    solve.add_argument("instance", metavar="INSTANCE.json", help='the instance file, or "-" for standard input')
    return parser


def _load(path: str):
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except OSError as e:
        raise InstanceError(f"{path}: {e.strerror or e}") from None
    try:
        return json.loads(data, parse_constant=_Constant)
    except json.JSONDecodeError as e:
        raise InstanceError(f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    except UnicodeDecodeError:
        raise InstanceError("not valid JSON: the file is not UTF-8 text") from None
    except RecursionError:
        raise InstanceError("not valid JSON: nested too deeply") from None


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        scores, capacities, locked = read_instance(_load(args.instance))
        solution = solve_dense(scores, capacities=capacities, locked=locked)
    except InstanceError as e:
        print(f"error: {' '.join(str(e).split())}", file=sys.stderr)
        return 2
    print(json.dumps({"pairs": [list(p) for p in solution.pairs], "total_score": solution.total_score}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
