"""Advocacy's staff pages under /staff/advocacy/, one URL module per part."""

from . import urls_dashboard, urls_interactions, urls_observatory, urls_recommendations, urls_stakeholders

app_name = "advocacy"

urlpatterns = [
    *urls_dashboard.urlpatterns,
    *urls_stakeholders.urlpatterns,
    *urls_recommendations.urlpatterns,
    *urls_interactions.urlpatterns,
    *urls_observatory.urlpatterns,
]
