"""The matching meeting, for staff: each antenna's pool, a run's proposals, and the team's decisions.

Views stay thin: reads come from queries.py, every change goes through services.py, and a
MatchingError from a service is shown as a message with nothing changed. Every action works as
a plain form POST (redirect back); HTMX requests get the updated card instead.
"""

from collections import Counter
from urllib.parse import urlparse

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.core.paging import paginate
from duo.organisation.models import Antenna
from duo.people import choices as pc
from duo.people.models import MentorProfile
from duo.privacy.audit import record_view

from . import forms, queries, services, texts
from .models import MatchingRun, Proposal

READ = roles.PEOPLE_VIEW
DECIDE = roles.DUOS_CHANGE
ACTIONS = ("accept", "reject", "lock", "unlock", "pick", "swap", "block")
# An inline swap form lists every open proposal on every card: past this many, the page would grow
# quadratically (heavy on a phone), so the card links to the swap form on the proposal's own page.
INLINE_SWAP_MAX = 15


def _can_decide(user, run) -> bool:
    return scoping.has(user, DECIDE) and run.state == MatchingRun.State.READY


def _errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# --- the antennas' pools and meetings ---------------------------------------------------------

def _counts(raw: dict) -> dict:
    def first(*names):
        return next((raw[n] for n in names if n in raw), None)

    return {"mentees": first("ready_mentees", "mentees"), "mentors": first("ready_mentors", "mentors"),
            "slots": first("free_slots", "slots"), "longest_wait_days": first("longest_wait_days")}


@require(READ)
def home(request):
    antennas = list(scoping.scope(request.user, Antenna.objects.order_by("name")))
    runs = list(queries.runs_for(request.user).select_related("antenna", "created_by")[:200])
    sections = []
    for antenna in antennas:
        sections.append({
            "antenna": antenna,
            "counts": _counts(queries.pool_counts(antenna)),
            "runs": [r for r in runs if r.antenna_id == antenna.pk][:5],
            "open": next((r for r in runs if r.antenna_id == antenna.pk
                          and r.state in (MatchingRun.State.RUNNING, MatchingRun.State.READY)), None),
        })
    return render(request, "matching/home.html", {
        "sections": sections, "can_start": scoping.has(request.user, DECIDE)})


@require(DECIDE)
@require_POST
def start(request):
    form = forms.StartForm(request.POST, user=request.user)
    if not form.is_valid():
        _errors(request, form)
        return redirect("matching:home")
    try:
        run = services.run_start(antenna=form.cleaned_data["antenna"], by=request.user)
    except scoping.NotAllowed:
        raise PermissionDenied
    except services.MatchingError as error:
        messages.error(request, str(error))
        return redirect("matching:home")
    return redirect("matching:run", pk=run.pk)


# --- one meeting ------------------------------------------------------------------------------

def _run(request, pk) -> MatchingRun:
    return queries.run_for(request.user, pk)


def _tab(request) -> str:
    tab = request.GET.get("show", "")
    return tab if tab in forms.TAB_STATUSES else "decide"


def _light(run) -> list[Proposal]:
    """Every proposal of the run without its reasons: for tab counts and swap lists."""
    return list(queries.proposals(run).defer("facts", "shortlist", "funnel"))


def _mentors(proposals) -> dict[int, MentorProfile]:
    ids = {e.get("mentor") for p in proposals for e in (p.shortlist or []) if isinstance(e, dict)}
    ids |= {p.mentor_id for p in proposals if p.mentor_id}
    ids.discard(None)
    return MentorProfile.objects.select_related("person").in_bulk(ids)


def _cards(request, run, proposals, everyone=None) -> list[dict]:
    """What each proposal's card shows: the strongest reasons, the funnel line, the action forms."""
    proposals = list(proposals)
    described = texts.facts_described([p.facts for p in proposals])
    mentors = _mentors(proposals)
    decide = _can_decide(request.user, run)
    swappable = None
    if decide:
        pool = everyone if everyone is not None else _light(run)
        swappable = [p for p in pool if p.status in forms.SWAPPABLE and p.mentor_id]
    cards = []
    for proposal, reasons in zip(proposals, described):
        strongest = texts.strongest(reasons)
        card = {
            "p": proposal,
            "reasons": strongest,
            "more": len(reasons) > len(strongest),
            "summary": texts.funnel_summary(proposal.funnel) if proposal.status == Proposal.Status.UNMATCHED else "",
            "decide": decide,
        }
        if decide and proposal.status in forms.PICKABLE:
            picks = forms.shortlist_choices(proposal, mentors)
            card["pick_form"] = forms.PickForm(choices=picks, auto_id=f"p{proposal.pk}_%s") if picks else None
        if decide and proposal.status in forms.SWAPPABLE:
            card["reject_form"] = forms.RejectForm(auto_id=f"p{proposal.pk}_%s")
            swaps = forms.swap_choices(proposal, swappable)
            if swaps and len(swaps) <= INLINE_SWAP_MAX:
                card["swap_form"] = forms.SwapForm(choices=swaps, auto_id=f"p{proposal.pk}_%s")
            card["can_swap"] = bool(swaps)
        cards.append(card)
    return cards


def _tab_counts(proposals) -> list[tuple[str, str, int]]:
    counts = {}
    for p in proposals:
        counts[p.status] = counts.get(p.status, 0) + 1
    return [(tab, label, sum(counts.get(s, 0) for s in forms.TAB_STATUSES[tab])) for tab, label in forms.TABS]


def _settings_summary(settings: dict) -> list[tuple[str, str]]:
    if not isinstance(settings, dict):
        return []
    rows = []
    rule, km = settings.get("distance_rule"), settings.get("max_distance_km", settings.get("max_km"))
    if rule == "antenna" or (rule is None and "max_km" in settings and km is None):
        rows.append((_("Distance"), _("Anyone of the same antenna")))
    elif km is not None:
        rows.append((_("Distance"), _("At most %(km)s km between homes") % {"km": f"{float(km):g}"}))
    level = settings.get("min_language_level", settings.get("min_level"))
    if level:
        rows.append((_("Shared language"), _("%(level)s or better") % {"level": level}))
    if settings.get("min_shared_slots") is not None:
        n = settings["min_shared_slots"]
        rows.append((_("Availability"), ngettext("At least %(n)s free slot in common",
                                                 "At least %(n)s free slots in common", n) % {"n": n}
                     if n else _("Not required")))
    if settings.get("shortlist_size", settings.get("shortlist")) is not None:
        rows.append((_("Shortlist"), str(settings.get("shortlist_size", settings.get("shortlist")))))
    weights = settings.get("weights")
    if isinstance(weights, dict) and weights:
        rows.append((_("Weights"), ", ".join(
            f"{texts.CRITERION_LABELS.get(k, k)} {v:g}" for k, v in weights.items() if isinstance(v, (int, float)))))
    return rows


@require(READ)
def run_detail(request, pk):
    run = _run(request, pk)
    if run.state == MatchingRun.State.RUNNING:
        if request.htmx:
            return render(request, "matching/_progress.html", {"run": run, "job": run.job})
        return render(request, "matching/run.html", {"run": run, "job": run.job, "computing": True})
    if request.htmx and request.headers.get("HX-Target") == "run-progress":
        # The job finished while the page was polling: load the proposals as a whole page.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    # Every proposal, light, for the tab counts and the swap lists; the reasons only for the page shown.
    everyone = _light(run)
    tab = _tab(request)
    listing = paginate(request, [p.pk for p in everyone if p.status in forms.TAB_STATUSES[tab]], per_page=30)
    ids = list(listing["page"].object_list)
    full = queries.proposals(run).in_bulk(ids)
    listing["page"].object_list = _cards(request, run, [full[pk] for pk in ids if pk in full], everyone)
    return render(request, "matching/run.html", {
        "run": run,
        "tab": tab,
        "tabs": _tab_counts(everyone),
        "decide": _can_decide(request.user, run),
        # A failed computation can be run again or the meeting closed; nothing else.
        "can_rerun": scoping.has(request.user, DECIDE) and run.state in (MatchingRun.State.READY,
                                                                          MatchingRun.State.FAILED),
        "minutes": queries.decisions(run),
        "settings_rows": _settings_summary(run.settings),
        "recruit": _recruit(run) if tab == "unmatched" else [],
        "back": request.get_full_path(),
        **listing,
    })


def _recruit(run) -> list[tuple[str, int]]:
    """Why mentees are left without a mentor, most frequent first: whom the antenna should recruit."""
    funnels = Proposal.objects.filter(run=run, status=Proposal.Status.UNMATCHED).values_list("funnel", flat=True)
    return Counter(texts.funnel_summary(f) for f in funnels if isinstance(f, dict)).most_common()


def _proposal(request, run, pk) -> Proposal:
    qs = queries.proposals(run)
    try:
        return qs.get(pk=pk)
    except (Proposal.DoesNotExist, ValueError, TypeError):
        raise Http404


@require(READ)
def proposal_detail(request, run, pk):
    run = _run(request, run)
    proposal = _proposal(request, run, pk)
    entries = [e for e in proposal.shortlist or [] if isinstance(e, dict)]
    described = texts.facts_described([proposal.facts] + [e.get("facts") for e in entries])
    mentors = _mentors([proposal])
    # Who else holds a shortlisted mentor in this meeting: the team sees at once why the best one went elsewhere.
    held = {}
    for other in (queries.proposals(run).exclude(pk=proposal.pk)
                  .filter(mentor_id__in=[e.get("mentor") for e in entries],
                          status__in=[Proposal.Status.PROPOSED, Proposal.Status.LOCKED, Proposal.Status.ACCEPTED])):
        held.setdefault(other.mentor_id, []).append(str(other.mentee.person))
    shortlist = [{"mentor": mentors.get(e.get("mentor")), "score": e.get("score"), "reasons": reasons,
                  "current": e.get("mentor") == proposal.mentor_id, "held_by": ", ".join(held.get(e.get("mentor"), []))}
                 for e, reasons in zip(entries, described[1:])]
    decide = _can_decide(request.user, run)
    context = {
        "run": run, "p": proposal, "reasons": described[0],
        "shortlist": shortlist,
        "funnel": texts.funnel_texts(proposal.funnel) if proposal.status == Proposal.Status.UNMATCHED else [],
        "summary": texts.funnel_summary(proposal.funnel) if proposal.status == Proposal.Status.UNMATCHED else "",
        "history": queries.decisions(run).filter(mentee=proposal.mentee_id),
        "decide": decide,
        "back": request.get_full_path(),
    }
    if decide:
        block_choices = [(pk_, forms.mentor_label(m)) for pk_, m in mentors.items()]
        context["block_form"] = forms.BlockForm(choices=block_choices, initial={"mentor": proposal.mentor_id})
        everyone = _light(run)
        card = _cards(request, run, [proposal], everyone)[0]
        # On its own page the swap form lists every open proposal, below the shortlist.
        card.update(swap_form=None, can_swap=False, on_page=True)
        context["card"] = card
        if proposal.status in forms.SWAPPABLE:
            swaps = forms.swap_choices(proposal, everyone)
            context["swap_form"] = forms.SwapForm(choices=swaps, auto_id="swap_%s") if swaps else None
    return render(request, "matching/proposal.html", context)


def _back(request, run) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return reverse("matching:run", kwargs={"pk": run.pk})


def _do(request, run, proposal, action):
    """Run one action; returns a success message, or None after putting the errors in messages."""
    user = request.user
    if action == "accept":
        duo = services.proposal_accept(proposal=proposal, by=user)
        return _("Accepted: %(mentee)s and %(mentor)s are a duo, introduction planned.") % {
            "mentee": duo.mentee, "mentor": duo.mentor}
    if action in ("lock", "unlock"):
        getattr(services, f"proposal_{action}")(proposal=proposal, by=user)
        return _("Locked: re-runs keep this pair.") if action == "lock" else _("Unlocked.")
    if action == "reject":
        form = forms.RejectForm(request.POST)
        if not form.is_valid():
            return _errors(request, form)
        services.proposal_reject(proposal=proposal, reason=form.cleaned_data["reason"],
                                 note=form.cleaned_data["note"], by=user)
        return _("Rejected: this pair will not be proposed again in this meeting.")
    mentors = _mentors([proposal])
    if action == "pick":
        form = forms.PickForm(request.POST, choices=forms.shortlist_choices(proposal, mentors))
        if not form.is_valid():
            return _errors(request, form)
        services.proposal_pick(proposal=proposal, mentor=mentors[form.cleaned_data["mentor"]], by=user)
        return _("%(mentor)s is now proposed to %(mentee)s.") % {
            "mentor": mentors[form.cleaned_data["mentor"]], "mentee": proposal.mentee}
    if action == "swap":
        others = _light(run)
        form = forms.SwapForm(request.POST, choices=forms.swap_choices(proposal, others))
        if not form.is_valid():
            return _errors(request, form)
        other = next(o for o in others if o.pk == form.cleaned_data["other"])
        services.proposal_swap(proposal=proposal, other=other, by=user)
        return _("Mentors swapped between %(a)s and %(b)s.") % {"a": proposal.mentee, "b": other.mentee}
    if action == "block":
        form = forms.BlockForm(request.POST, choices=[(pk, forms.mentor_label(m)) for pk, m in mentors.items()])
        if not form.is_valid():
            return _errors(request, form)
        services.pair_block(run=run, mentee=proposal.mentee, mentor=mentors[form.cleaned_data["mentor"]], by=user)
        return _("Recorded: these two people will never be proposed to each other.")
    raise Http404


@require(DECIDE)
@require_POST
def decide(request, run, pk, action):
    if action not in ACTIONS:
        raise Http404
    run = _run(request, run)
    proposal = _proposal(request, run, pk)
    try:
        done = _do(request, run, proposal, action)
    except services.MatchingError as error:
        messages.error(request, str(error))
    except scoping.NotAllowed:
        raise Http404
    else:
        if done:
            messages.success(request, done)
    if request.htmx and action in ("accept", "reject", "lock", "unlock", "pick"):
        fresh = _proposal(request, run, pk)
        back = _back(request, run)
        card = _cards(request, run, [fresh])[0]
        if urlparse(back).path == reverse("matching:proposal", kwargs={"run": run.pk, "pk": pk}):
            card.update(swap_form=None, can_swap=False, on_page=True)
        return render(request, "matching/_card.html", {"card": card, "run": run, "back": back, "partial": True})
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect(_back(request, run))


def _run_action(request, pk, service, done: str):
    run = _run(request, pk)
    try:
        service(run=run, by=request.user)
    except scoping.NotAllowed:
        raise Http404
    except services.MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("matching:run", pk=run.pk)


@require(DECIDE)
@require_POST
def rerun(request, pk):
    return _run_action(request, pk, services.run_rerun, _("Re-running for the mentees still without a decision."))


@require(DECIDE)
@require_POST
def close(request, pk):
    return _run_action(request, pk, services.run_close, _("The meeting is closed. Its minutes stay here."))


# --- fairness ---------------------------------------------------------------------------------

def _group_label(dim: str, code) -> str:
    choices = {"gender": pc.Gender.choices, "origin_region": pc.OriginRegion.choices,
               "origin": pc.OriginRegion.choices}.get(dim)
    if code in (None, "", "unknown"):
        return _("Not known")
    if choices:
        return str(dict(choices).get(code, code))
    return str(code)


def _fairness_table(dim, rows) -> dict:
    return {"dim": dim, "rows": [
        {**row, "label": _group_label(dim, row.get("group")),
         "rate_pct": None if row.get("rate") is None else round(100 * row["rate"])}
        for row in rows or [] if isinstance(row, dict)]}


FAIRNESS_DIMS = {"gender": gettext_lazy("By gender"), "age_band": gettext_lazy("By age band")}


@require(READ)
def fairness(request, pk):
    run = _run(request, pk)
    data = run.fairness if isinstance(run.fairness, dict) else {}
    tables = [{**_fairness_table(dim, data.get(dim)), "title": title}
              for dim, title in FAIRNESS_DIMS.items() if data.get(dim)]
    origin = None
    may_see_origin = scoping.has(request.user, roles.SPECIAL_CATEGORY_VIEW)
    if may_see_origin and data.get("origin"):
        raw = data["origin"]
        rows = raw if isinstance(raw, list) else next((v for v in raw.values() if isinstance(v, list)), [])
        origin = {**_fairness_table("origin", rows), "title": _("By origin group")}
        # Aggregates of special-category data are still special-category data: who looked is recorded.
        record_view(obj=run, fields=["fairness.origin"])
    return render(request, "matching/fairness.html", {
        "run": run, "tables": tables, "origin": origin, "may_see_origin": may_see_origin,
        "min_cell": 5})
