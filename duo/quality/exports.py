"""The quality report as CSV rows: the page's figures, machine-readable (dot decimals, codes for the
unit and the status), with each measure's definition so that the file explains itself."""

from duo.barrier.queries import SMALL_CELL


def _value(value):
    return "" if value is None else value


def rows(context):
    compare = context["compare"]
    period = context["period"]
    # Column names are fixed codes, the same in every language, so that a script can read the file;
    # the labels and definitions in the rows are in the reader's language.
    header = ["standard", "code", "measure", "value", "unit", "count", "n", "few_cases", "target", "status"]
    if compare:
        header += ["organisation_value", "organisation_n"]
    header += ["definition", "period_start", "period_end"]
    yield header
    for section in context["sections"]:
        standard = section["standard"]
        for measure, other in section["rows"]:
            row = [standard.label, measure.code, measure.label, _value(measure.value), measure.unit,
                   _value(measure.count), measure.n, "yes" if measure.few else "",
                   measure.target.text if measure.target else "", measure.status or ""]
            if compare:
                row += [_value(other.value), other.n]
            yield row + [measure.definition, period.start.isoformat(), period.end.isoformat()]
            for label, count, suppressed, kind in measure.rows:
                shown = f"<{SMALL_CELL}" if suppressed else count
                row = [standard.label, f"{measure.code}.{kind}", label, shown, "count", "", "", "", "", ""]
                if compare:
                    row += ["", ""]
                yield row + ["", period.start.isoformat(), period.end.isoformat()]
