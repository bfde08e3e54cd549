from django.urls import path

from . import views

app_name = "exports"

# Included before the web app's URLs so that export.csv and export.xlsx come here; JSON and YAML
# stay with the web app's download view.
urlpatterns = [
    path("plans/<slug:slug>/export.csv", views.plan_download, {"fmt": "csv"}, name="plan-csv"),
    path("plans/<slug:slug>/export.xlsx", views.plan_download, {"fmt": "xlsx"}, name="plan-xlsx"),
    path("progress/export.csv", views.progress_download, name="progress-csv"),
    path("plans/<slug:slug>/upload-progress/", views.progress_upload, name="progress-upload"),
    path("plans/<slug:slug>/upload-progress/template.csv", views.upload_template, name="upload-template"),
]
