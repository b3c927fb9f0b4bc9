"""`make audit`: the installed packages checked against a vulnerability database with pip-audit.

pip-audit says "No known vulnerabilities found" even when the database could not be asked about a single
package (a mirror without PyPI's JSON API, no route to OSV): read alone, that would be a false all-clear.
Here an audit that checked nothing says so — "NOT CHECKED" — and passes, since the machine, not the code, is
at fault; a vulnerability found fails.

    python -m duo.core.audit            (AUDIT_SERVICE=osv to ask OSV instead of PyPI)
"""

import json
import os
import subprocess
import sys
import tempfile

NOT_CHECKED = "pip-audit could not reach a vulnerability database: NOT CHECKED"


def installed() -> str:
    """The virtual environment's packages as pinned requirements, without the project itself."""
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"], capture_output=True,
                            text=True, check=True).stdout
    return "".join(line + "\n" for line in frozen.splitlines()
                   if line and not line.startswith(("#", "-e ")) and "==" in line)


def verdict(report: dict | None) -> tuple[int, str]:
    """(exit code, what to print) for pip-audit's JSON report; None when pip-audit gave none (no connection)."""
    if report is None:
        return 0, NOT_CHECKED
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    if vulnerable:
        lines = [f"{d['name']} {d.get('version', '')}: " + ", ".join(
            f"{v['id']} (fixed in {', '.join(v.get('fix_versions') or ['no release yet'])})" for v in d["vulns"])
            for d in vulnerable]
        return 1, "pip-audit found known vulnerabilities:\n" + "\n".join(lines)
    checked = [d for d in dependencies if not d.get("skip_reason")]
    if not checked:
        return 0, NOT_CHECKED
    skipped = len(dependencies) - len(checked)
    note = f" ({skipped} could not be looked up)" if skipped else ""
    return 0, f"pip-audit: no known vulnerability in {len(checked)} packages{note}."


def main() -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as requirements:
        requirements.write(installed())
    try:
        command = [sys.executable, "-m", "pip_audit", "-r", requirements.name, "--no-deps", "--disable-pip",
                   "--format", "json", "--progress-spinner", "off",
                   "--vulnerability-service", os.environ.get("AUDIT_SERVICE", "pypi"), "--timeout", "20"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        result = None
    finally:
        os.unlink(requirements.name)
    report = None
    if result is not None:
        try:
            report = json.loads(result.stdout)
        except ValueError:
            sys.stderr.write(result.stderr[-2000:])
    code, message = verdict(report)
    print(message)
    return code


if __name__ == "__main__":
    sys.exit(main())
