"""Administrators set each antenna's matching rules and weights in the admin, one number per criterion."""

import pytest
from django.urls import reverse

from duo.matching.models import MatchingSettings
from duo.matching.types import CRITERIA, DEFAULT_WEIGHTS

pytestmark = pytest.mark.usefixtures("english")


def _data(**weights):
    data = {"distance_rule": "km", "max_distance_km": "20", "min_language_level": "B2", "min_shared_slots": "2",
            "shortlist_size": "6", "load_penalty": "4"}
    data.update({f"weight_{c}": str(weights.get(c, DEFAULT_WEIGHTS[c])) for c in CRITERIA})
    return data


def test_the_weights_show_one_field_per_criterion_and_save(client, admin_user, antenna):
    settings = MatchingSettings.objects.get(antenna=antenna)
    url = reverse("admin:matching_matchingsettings_change", args=[settings.pk])
    client.force_login(admin_user)
    html = client.get(url).content.decode()
    assert all(f'name="weight_{c}"' in html for c in CRITERIA)
    assert client.post(url, _data(goals=40, waiting=0)).status_code == 302
    settings.refresh_from_db()
    assert settings.weights["goals"] == 40 and settings.weights["waiting"] == 0
    assert (settings.max_distance_km, settings.min_language_level, settings.updated_by) == (20, "B2", admin_user)


def test_all_weights_at_zero_are_refused_and_nothing_changes(client, admin_user, antenna):
    settings = MatchingSettings.objects.get(antenna=antenna)
    before = (settings.weights, settings.max_distance_km)
    client.force_login(admin_user)
    response = client.post(reverse("admin:matching_matchingsettings_change", args=[settings.pk]),
                           _data(**{c: 0 for c in CRITERIA}))
    assert response.status_code == 200 and "Give at least one criterion a weight above 0." in response.content.decode()
    settings.refresh_from_db()
    assert (settings.weights, settings.max_distance_km) == before
