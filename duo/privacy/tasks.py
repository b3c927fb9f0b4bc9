"""The daily retention run as a Celery task (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .retention import apply_retention


@shared_task(name="duo.privacy.apply_retention", ignore_result=True)
def apply_retention_task() -> str:
    return apply_retention().line()
