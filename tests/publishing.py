"""Helpers for the publication tests."""

from duo.testimony import queries as quotes_queries
from duo.testimony import services as testimony_services


def usable_quotes(by, count=2):
    """Public quotes, translated by the test into the languages they lack."""
    picked = quotes_queries.usable(quotes_queries.PUBLIC)[:count]
    for quote in picked:
        have = {quote.testimony.language, *(t.language for t in quote.testimony.translations.all())}
        for lang in {"fr", "nl", "en"} - have:
            testimony_services.translation_save(testimony=quote.testimony, by=by, language=lang,
                                                text=f"[{lang}] {quote.text}")
    return [q.pk for q in picked]
