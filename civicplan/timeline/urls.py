from django.urls import path

from . import views

app_name = "timeline"

urlpatterns = [
    path("plans/<slug:slug>/timeline/", views.timeline_page, name="timeline"),
    path("plans/<slug:slug>/timeline.svg", views.timeline_download, name="timeline-svg"),
]
