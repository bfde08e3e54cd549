"""The indicator pages under /public/: published indicators only, with the public site's navigation."""

from django.urls import path

from . import views

app_name = "indicators_public"

urlpatterns = [
    path("indicators/", views.indicator_list, {"public": True}, name="list"),
    path("indicators/areas/<str:code>/", views.scorecard, {"public": True}, name="scorecard"),
    path("indicators/<slug:slug>/", views.benchmark, {"public": True}, name="benchmark"),
    path("indicators/<slug:slug>/trend/", views.trend, {"public": True}, name="trend"),
]
