from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("plans/<slug:slug>/", views.plan_detail, name="plan"),
    path("plans/<slug:slug>/export.csv", views.plan_download, name="plan-csv"),
    path("plans/<slug:slug>/elements/<str:key>/", views.element_detail, name="element"),
]
