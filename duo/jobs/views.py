from django.shortcuts import render

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.core.paging import paginate

from .models import Job


@require(roles.JOBS_VIEW)
def job_list(request):
    return render(request, "jobs/list.html", paginate(request, scoping.scope(request.user, Job.objects.all())))


@require(roles.JOBS_VIEW)
def job_detail(request, pk):
    job = scoping.get_or_404(request.user, Job, pk=pk)
    template = "jobs/_status.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job})
