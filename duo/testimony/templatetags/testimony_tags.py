"""{% make_testimony_link response question %}: on a survey response's page, beside a free-text
answer, the link that makes a testimony of it, for users who may (nothing otherwise)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping

register = template.Library()


@register.simple_tag(takes_context=True)
def make_testimony_link(context, response, question):
    user = context.get("user")
    if question.type != "text" or not (scoping.has(user, roles.TESTIMONIES_CHANGE)
                                       and scoping.has(user, roles.PEOPLE_CHANGE)):
        return ""
    answer = response.answers.filter(question=question).first()
    if answer is None or not (answer.text or "").strip():
        return ""
    url = reverse("testimony:from_answer", kwargs={"answer_pk": answer.pk})
    return format_html('<br><a href="{}">{}</a>', url, _("Make a testimony from this answer"))
