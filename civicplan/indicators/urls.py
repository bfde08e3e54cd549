from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("indicators/", views.indicator_list, name="list"),
    path("indicators/areas/<str:code>/", views.scorecard, name="scorecard"),
    path("indicators/<slug:slug>/", views.benchmark, name="benchmark"),
    path("indicators/<slug:slug>/trend/", views.trend, name="trend"),
    path("indicators/<slug:slug>/record/", views.record, name="record"),
]
