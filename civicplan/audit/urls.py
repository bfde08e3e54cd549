from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("plans/<slug:slug>/audit/", views.plan_audit, name="plan"),
    path("organisations/<slug:slug>/audit/", views.organisation_audit, name="organisation"),
    path("audit/people/<str:username>/", views.person_audit, name="person"),
]
