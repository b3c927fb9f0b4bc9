"""The load scenario of issue 10: coordinators browsing and editing, mentors logging meetings through their
personal link, the public applying, and pairs of coordinators saving the same record at the same moment.

Driven by benchmarks/load/run.py, which seeds the database and writes the data file this reads (LOAD_DATA):
logins, ids per antenna, meeting-log tokens, records reserved for the pairs. At the end the pairs' tally goes to
LOAD_RESULT: "told" (the second save refused with the conflict message) and "overwritten" (both saves reported
success: a lost update; must stay 0).
"""

import itertools
import json
import os
import random
import re
import uuid
from datetime import date, timedelta
from html.parser import HTMLParser

import gevent
from locust import HttpUser, between, events, task
from locust.clients import HttpSession

DATA = json.loads(open(os.environ["LOAD_DATA"]).read())
LANG = "fr"
TALLY = {"told": 0, "overwritten": 0, "pairs": 0, "unexpected": 0}
_logins = itertools.cycle(DATA["coordinators"])
_pairs = {}


def reserved(code: str, kind: str):
    """The next record of this antenna kept for the editing pairs (each used once), or None."""
    return next(_pairs.setdefault((code, kind), iter(DATA["antennas"][code][kind])), None)
_tokens = itertools.cycle(DATA["meeting_tokens"])


class FormReader(HTMLParser):
    """The values a browser would post back from the page's form with `marker` in its action (or the first)."""

    def __init__(self):
        super().__init__()
        self.forms, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": []})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.forms[-1]["fields"].append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = [a.get("name"), None, None]
        elif tag == "option" and self._select is not None:
            if self._select[2] is None:
                self._select[2] = a.get("value", "")
            if "selected" in a:
                self._select[1] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            name, chosen, first = self._select
            self.forms[-1]["fields"].append((name, chosen if chosen is not None else (first or "")))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1]["fields"].append(tuple(self._textarea))
            self._textarea = None


def form_of(html: str, marker: str = "") -> dict:
    reader = FormReader()
    reader.feed(html)
    form = next((f for f in reader.forms if marker in f["action"] and f["fields"]), None)
    if form is None:
        return {}
    data = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    return {k: v if len(v) > 1 else v[0] for k, v in data.items()}


def log_in(session, login):
    page = session.get(f"/{LANG}/accounts/login/", name="login")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(f"/{LANG}/accounts/login/", name="login",
                            data={"csrfmiddlewaretoken": token, "username": login["email"],
                                  "password": login["password"]}, allow_redirects=False)
    if response.status_code != 302:
        raise RuntimeError(f"login failed for {login['email']}: {response.status_code}")


class Coordinator(HttpUser):
    """Browses the staff pages of their antenna and edits people now and then."""

    weight = 6
    wait_time = between(1, 3)

    def on_start(self):
        self.login = next(_logins)
        self.antenna = DATA["antennas"][self.login["antenna"]]
        log_in(self.client, self.login)

    @task(3)
    def home(self):
        self.client.get(f"/{LANG}/staff/", name="staff home")

    @task(3)
    def people(self):
        self.client.get(f"/{LANG}/staff/people/", name="people list")

    @task(2)
    def search(self):
        self.client.get(f"/{LANG}/staff/people/?q={random.choice(DATA['search_terms'])}", name="people search")

    @task(4)
    def person(self):
        self.client.get(f"/{LANG}/staff/people/{random.choice(self.antenna['people'])}/", name="person")

    @task(2)
    def duos(self):
        self.client.get(f"/{LANG}/staff/duos/", name="duo list")

    @task(4)
    def duo(self):
        self.client.get(f"/{LANG}/staff/duos/{random.choice(self.antenna['duos'])}/", name="duo")

    @task(2)
    def edit_person(self):
        pk = random.choice(self.antenna["people"])
        url = f"/{LANG}/staff/people/{pk}/edit/"
        page = self.client.get(url, name="person edit (form)")
        data = form_of(page.text, "")
        if "version" not in data:
            return
        data["phone"] = f"04{random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)} 00"
        with self.client.post(url, data=data, name="person edit (save)", allow_redirects=False,
                              catch_response=True) as response:
            # 302: saved; 200 with the conflict notice: someone else saved meanwhile (rare, not an error).
            if response.status_code == 302 or (response.status_code == 200 and "edit-conflict" in response.text):
                response.success()
            else:
                response.failure(f"edit not saved: {response.status_code}")


class Mentor(HttpUser):
    """Opens their personal meeting-log link and logs a meeting."""

    weight = 3
    wait_time = between(2, 5)

    def on_start(self):
        self.token = next(_tokens)

    @task
    def log_meeting(self):
        url = f"/{LANG}/log/{self.token}/"
        page = self.client.get(url, name="meeting log (page)")
        data = form_of(page.text, "")
        day = date.today() - timedelta(days=random.randint(0, 20))
        # Not before the duo was formed (the form's own minimum): a recent duo would rightly refuse the date.
        earliest = re.search(r'name="held_on"[^>]*min="(\d{4}-\d{2}-\d{2})"', page.text)
        if earliest:
            day = max(day, date.fromisoformat(earliest.group(1)))
        data.update({"held_on": day.isoformat(), "duration_minutes": str(random.choice([60, 90, 120])),
                     "mode": "in_person", "topics": ["cv"], "note": ""})
        with self.client.post(url, data=data, name="meeting log (save)", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"meeting not logged: {response.status_code}")


class Applicant(HttpUser):
    """Someone from the public applying as a mentee."""

    weight = 1
    wait_time = between(5, 15)

    @task
    def apply(self):
        url = f"/{LANG}/apply/mentee/"
        page = self.client.get(url, name="apply (form)")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        data = dict(DATA["application"])
        # An occupation the form offers (its list is the reference data's, not every id).
        offered = re.search(r'<select name="target_occupation".*?<option value="(\d+)"', page.text, re.S)
        if offered:
            data["target_occupation"] = offered.group(1)
        data.update({"csrfmiddlewaretoken": token, "email": f"load-{uuid.uuid4().hex[:12]}@example.org",
                     "last_name": random.choice(DATA["search_terms"]).title()})
        with self.client.post(url, data=data, name="apply (send)", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"application refused: {response.status_code}")


class EditingPair(HttpUser):
    """Two coordinators of one antenna load the same record, then both save at the same instant. A fixed number of
    such users (LOAD_PAIRS, default 4) whatever the level, so that every run has pairs to count."""

    fixed_count = int(os.environ.get("LOAD_PAIRS", "4"))
    wait_time = between(2, 4)

    def on_start(self):
        self.second = HttpSession(base_url=self.host, request_event=self.environment.events.request, user=self)
        login = next(_logins)
        self.code = login["antenna"]
        log_in(self.client, login)
        log_in(self.second, login)

    def _both(self, posts):
        jobs = [gevent.spawn(post) for post in posts]
        gevent.joinall(jobs)
        return [job.value for job in jobs]

    @task(3)
    def same_person(self):
        pk = reserved(self.code, "pair_people")
        if pk is None:
            return
        url = f"/{LANG}/staff/people/{pk}/edit/"
        forms = [form_of(s.get(url, name="pair: person edit (form)").text) for s in (self.client, self.second)]
        if not all("version" in f for f in forms):
            return
        forms[0]["first_name"], forms[1]["first_name"] = "Alpha", "Beta"
        results = self._both([
            lambda: s.post(url, data=f, name="pair: person edit (save)", allow_redirects=False)
            for s, f in zip((self.client, self.second), forms)])
        self._tally([r.status_code == 302 for r in results],
                    [r.status_code == 200 and "edit-conflict" in r.text for r in results])

    @task(1)
    def same_duo(self):
        pk = reserved(self.code, "pair_duos")
        if pk is None:
            return
        detail = f"/{LANG}/staff/duos/{pk}/"
        pages = [s.get(detail, name="pair: duo (page)").text for s in (self.client, self.second)]
        forms = [form_of(p, "/transition/") for p in pages]
        if not all("version" in f for f in forms):
            return
        forms = [dict(f, to="ended_early", reason=reason, on=date.today().isoformat())
                 for f, reason in zip(forms, ("moved", "health"))]
        url = f"/{LANG}/staff/duos/{pk}/transition/"
        results = self._both([
            lambda: s.post(url, data=f, name="pair: duo step (save)") for s, f in zip((self.client, self.second), forms)])
        # Both end on the duo page: a success notice for the one that moved it, an error notice for the other.
        self._tally(['class="notice success"' in r.text for r in results],
                    ['class="notice error"' in r.text for r in results])

    def _tally(self, saved, told):
        TALLY["pairs"] += 1
        if sum(saved) == 2:
            TALLY["overwritten"] += 1
        elif sum(saved) == 1 and sum(told) == 1:
            TALLY["told"] += 1
        else:
            TALLY["unexpected"] += 1


@events.quitting.add_listener
def _write_tally(environment, **kwargs):
    if os.environ.get("LOAD_RESULT"):
        with open(os.environ["LOAD_RESULT"], "w") as handle:
            json.dump(TALLY, handle)
