"""What intake leaves behind for each demo person: the application with its eligibility verdict,
the consents given on the form, and the pipeline's history.

Verdicts come from the real rules (duo.intake.eligibility), fed with what the demo person told us,
so the pipeline shows the mix a coordinator meets: mostly eligible, some to review (a right to work
the applicant was unsure of, a background they preferred not to give), and the refused.
"""

from duo.intake import eligibility
from duo.intake.models import Application, StageChange
from duo.people.models import ConsentRecord

from .bulk import Table
from .draw import Dist, at_ten, days, dob_for_age

CONSENT_VERSION = "2026-11"  # duo.intake.consent's texts, as the demo applicants saw them
CHANNEL = Dist({"web": 85, "staff": 15})
RIGHT_TO_WORK = Dist({"yes": 95, "unsure": 5})
SURVEYS_CONSENT = 0.85
# Mentees' research consent is drawn from the person's id rather than the shared random stream,
# so that adding it left every other demo figure as it was.
RESEARCH_CONSENT_PERCENT = 70
NOT_ELIGIBLE_BECAUSE = {"mentee": Dist({"age": 40, "right_to_work": 35, "language": 25}),
                        "mentor": Dist({"age": 60, "language": 40})}
LEFT_BECAUSE = {"withdrawn": Dist({"found_job": 35, "not_interested": 25, "no_time": 25, "moved": 10, "health": 5}),
                "no_response": Dist({"unreachable": 1})}
FLOWS = {
    "mentee": ["applied", "contacted", "info_session", "intake_done", "ready", "matched"],
    "mentor": ["applied", "contacted", "info_session", "intake_done", "training_done", "ready", "matched"],
}
RULES = eligibility.Rules()

APPLICATION_COLUMNS = ("person_id", "kind", "submitted_at", "channel", "language", "right_to_work", "verdict",
                       "reasons")
CONSENT_COLUMNS = ("person_id", "purpose", "granted", "text_version", "language", "channel", "recorded_at")
STAGE_COLUMNS = ("person_id", "kind", "from_stage", "to_stage", "reason", "at", "by_id")


class IntakeTables:
    def __init__(self):
        self.application = Table(Application, APPLICATION_COLUMNS)
        self.consent = Table(ConsentRecord, CONSENT_COLUMNS)
        self.stage = Table(StageChange, STAGE_COLUMNS)

    def models(self):
        return [self.application.model, self.consent.model, self.stage.model]


class IntakeRows:
    """One batch's intake rows; `add` is called once per person as the batch draws them."""

    def __init__(self, seeder, tables: IntakeTables):
        self.seeder, self.t = seeder, tables
        self.region = {a.pk: a.region.code for a in seeder.antennas.values()}
        self.applications, self.consents, self.stages = [], [], []

    def not_eligible(self, kind, person, languages, applied_on) -> str:
        """Make a refused applicant refusable, and say why."""
        reason = NOT_ELIGIBLE_BECAUSE[kind].draw(self.seeder.rng)
        if reason == "age":
            rng = self.seeder.rng
            age = rng.randint(35, 40) if kind == "mentee" else rng.randint(42, 48)
            person["date_of_birth"] = dob_for_age(rng, applied_on, age)
        elif reason == "language":
            languages.clear()
            languages["ar" if kind == "mentee" else "de"] = "native"
            languages["fr"] = "A1"
        return reason

    def add(self, kind, person, fields, languages, stage, reason=""):
        rng, today = self.seeder.rng, self.seeder.today
        applied_on = fields["applied_on"]
        right_to_work = "" if kind == "mentor" else ("no" if reason == "right_to_work" else RIGHT_TO_WORK.draw(rng))
        if stage in ("ready", "matched") and right_to_work == "unsure":
            right_to_work = "yes"  # checked at the intake interview
        facts = eligibility.Applicant(
            kind=kind, age=_age(person["date_of_birth"], applied_on),
            region=self.region[person["antenna_id"]], antenna_region=self.region[person["antenna_id"]],
            background=person["nationality_background"] or None, right_to_work=right_to_work or None,
            languages=tuple(languages.items()),
        )
        verdict, checks = eligibility.assess(facts, RULES)
        channel = CHANNEL.draw(rng)
        submitted = at_ten(applied_on)
        self.applications.append((person["id"], kind, submitted, channel, person["preferred_language"],
                                  right_to_work, verdict, [c.as_dict() for c in checks]))
        special = bool(person["nationality_background"])
        for purpose, granted in (("programme", True), ("special_category", special),
                                 ("surveys", rng.random() < SURVEYS_CONSENT)):
            self.consents.append((person["id"], purpose, granted, CONSENT_VERSION, person["preferred_language"],
                                  channel, submitted))
        if kind == "mentee":
            research = (person["id"] * 2654435761) % 100 < RESEARCH_CONSENT_PERCENT
            self.consents.append((person["id"], "research", research, CONSENT_VERSION, person["preferred_language"],
                                  channel, submitted))
        self._history(kind, person, fields, stage, reason, submitted)

    def _history(self, kind, person, fields, stage, reason, submitted):
        """The moves that led to today's stage, spread between the application and the last move."""
        coordinator = self.seeder.coordinators.get(self.seeder.code_of[person["antenna_id"]])
        flow = FLOWS[kind]
        if stage in flow:
            path = flow[: flow.index(stage) + 1]
        else:  # left the pipeline somewhere before a duo
            path = flow[: self.seeder.rng.randint(1, 3)] + [stage]
        last = fields["stage_changed_on"]
        span = max(0, (last - fields["applied_on"]).days)
        previous = ""
        for k, step in enumerate(path):
            day = fields["applied_on"] + days(span * k // max(1, len(path) - 1))
            at = submitted if k == 0 else at_ten(day)
            self.stages.append((person["id"], kind, previous, step, reason if step == stage else "", at,
                                None if k == 0 else coordinator))
            previous = step

    def write(self):
        self.t.application.insert(self.applications)
        self.t.consent.insert(self.consents)
        self.t.stage.insert(self.stages)
        self.applications, self.consents, self.stages = [], [], []


def _age(dob, on):
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
