"""The daily advocacy follow-up reminders as a Celery task (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .reminders import send_reminders


@shared_task(name="duo.advocacy.send_reminders", ignore_result=True)
def send_reminders_task() -> str:
    return send_reminders().line()
