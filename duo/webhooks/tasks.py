"""Webhook deliveries as Celery tasks: each delivery as soon as its change commits, and every minute the retries
that have come due (scheduled in settings.CELERY_BEAT_SCHEDULE; `manage.py deliver_webhooks` does the same from
cron). Neither raises: a receiver that fails is recorded on its delivery and tried again later."""

from celery import shared_task

from . import delivery


@shared_task(name="duo.webhooks.deliver", ignore_result=True)
def deliver_task(delivery_id: int) -> str:
    done = delivery.deliver(delivery_id)
    return done.status if done is not None else "skipped"


@shared_task(name="duo.webhooks.deliver_due", ignore_result=True)
def deliver_due_task() -> str:
    return delivery.deliver_due().line()
