"""How a measure's figure reads on the page, in the reader's locale: "17.5 days", "92.3 %"."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()

DECIMALS = {"percent": 1, "per_month": 2, "days": 1, "count": 0, "hours": 0}


def _number(value, unit):
    places = DECIMALS.get(unit, 1)
    if unit == "days" and float(value).is_integer():
        places = 0
    return number_format(value, places)


@register.filter
def figure(measure):
    if measure is None or measure.value is None:
        return _("no data")
    number = _number(measure.value, measure.unit)
    if measure.unit == "percent":
        return f"{number} %"
    if measure.unit == "days":
        return _("%(n)s days") % {"n": number}
    if measure.unit == "per_month":
        return _("%(n)s a month") % {"n": number}
    if measure.unit == "hours":
        return _("%(n)s hours") % {"n": number}
    return number
