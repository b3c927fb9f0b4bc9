"""Stakeholders, contacts and their positions, under /staff/advocacy/."""

from django.urls import path

from . import views_erasure
from . import views_stakeholders as views

urlpatterns = [
    path("stakeholders/", views.stakeholder_list, name="stakeholders"),
    path("stakeholders/new/", views.stakeholder_add, name="stakeholder_add"),
    path("stakeholders/import/", views.stakeholders_import, name="stakeholders_import"),
    path("stakeholders/import/template/", views.stakeholders_template, name="stakeholders_template"),
    path("stakeholders/<int:pk>/", views.stakeholder_detail, name="stakeholder"),
    path("stakeholders/<int:pk>/edit/", views.stakeholder_edit, name="stakeholder_edit"),
    path("contacts/", views.contact_list, name="contacts"),
    path("contacts/new/", views.contact_add, name="contact_add"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/erase/", views_erasure.contact_erase_confirm, name="contact_erase"),
    path("contacts/<int:pk>/positions/new/", views.position_add, name="position_add"),
    path("positions/<int:pk>/edit/", views.position_edit, name="position_edit"),
    path("positions/<int:pk>/end/", views.position_end, name="position_end"),
]
