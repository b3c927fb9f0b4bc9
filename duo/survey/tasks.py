"""The daily survey run as a Celery task (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .schedule import send_surveys


@shared_task(name="duo.survey.send_surveys", ignore_result=True)
def send_surveys_task() -> str:
    return send_surveys().line()
