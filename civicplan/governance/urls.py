from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("meetings/", views.meetings, name="meetings"),
    path("organisations/<slug:slug>/workflow/", views.organisation_workflow, name="organisation-workflow"),
    path("reminders/", views.reminders, name="reminders"),
    path("plans/<slug:slug>/decisions/", views.plan_decisions, name="plan-decisions"),
    path("plans/<slug:slug>/changes/", views.plan_changes, name="plan-changes"),
    path("plans/<slug:slug>/changes/<int:pk>/decide/", views.change_decide, name="change-decide"),
]
