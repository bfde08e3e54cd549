from django.urls import path

from . import views

app_name = "lineage"

urlpatterns = [
    path("compare/<slug:old_slug>/<slug:new_slug>/", views.compare, name="compare"),
    path("plans/<slug:slug>/lineage/", views.plan_overview, name="plan"),
    path("plans/<slug:slug>/lineage/<str:key>/", views.element_page, name="element"),
    path("plans/<slug:slug>/lineage/<str:key>/link/", views.link, name="link"),
    path("plans/<slug:slug>/lineage/<str:key>/unlink/", views.unlink, name="unlink"),
]
