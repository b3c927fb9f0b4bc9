from celery import shared_task

from .services import job_execute


@shared_task(name="duo.jobs.run_job", ignore_result=True)
def run_job(job_id: str) -> str:
    return job_execute(job_id=job_id).state
