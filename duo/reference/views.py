from django.shortcuts import redirect, render

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.jobs.models import Job
from duo.jobs.services import job_start

from .forms import ReferenceImportForm


@require(roles.REFERENCE_CHANGE)
def reference_import(request):
    form = ReferenceImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_start(kind=form.cleaned_data["kind"], params={"content": form.cleaned_data["content"]},
                        by=request.user)
        return redirect("jobs:detail", pk=job.pk)
    recent = scoping.scope(request.user, Job.objects.filter(kind__in=ReferenceImportForm.KINDS)).defer("params")[:10]
    return render(request, "reference/import.html", {"form": form, "recent": recent})
