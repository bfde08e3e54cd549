from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("plans/<slug:slug>/reports/", views.reports_page, name="plan-reports"),
    path("plans/<slug:slug>/reports/download/", views.report_download, name="report-download"),
    path("plans/<slug:slug>/reports/files/<int:pk>/", views.generated_download, name="generated-download"),
    path("plans/<slug:slug>/reports/<str:kind>/text/", views.report_text_edit, name="report-text"),
]
