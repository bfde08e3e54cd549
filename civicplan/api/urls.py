from django.urls import path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularJSONAPIView

from civicplan.indicators import api as indicator_api

from . import docs, errors, tokens, views

app_name = "api"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:docs", permanent=False), name="root"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    path("token/", tokens.api_token, name="token"),
    path("plans/", views.PlanListView.as_view(), name="plans"),
    path("plans/<slug:slug>/", views.PlanDetailView.as_view(), name="plan"),
    path("plans/<slug:slug>/elements/", views.ElementListView.as_view(), name="elements"),
    path("plans/<slug:slug>/elements/<str:key>/", views.ElementDetailView.as_view(), name="element"),
    path("plans/<slug:slug>/elements/<str:key>/updates/", views.ElementUpdatesView.as_view(), name="element-updates"),
    path("plans/<slug:slug>/export/", views.PlanExportView.as_view(), name="plan-export"),
    path("plans/<slug:slug>/progress-upload/", views.ProgressUploadView.as_view(), name="progress-upload"),
    path("plans/<slug:slug>/decisions/", views.DecisionListView.as_view(), name="decisions"),
    path("plans/<slug:slug>/reports/", views.ReportView.as_view(), name="reports"),
    path("plans/<slug:slug>/reports/files/", views.ReportFileListView.as_view(), name="report-files"),
    path("plans/<slug:slug>/reports/files/<int:id>/", views.ReportFileView.as_view(), name="report-file"),
    path("updates/", views.UpdateListView.as_view(), name="updates"),
    path("updates/export/", views.ProgressExportView.as_view(), name="updates-export"),
    path("updates/<int:id>/", views.UpdateDetailView.as_view(), name="update"),
    path("updates/<int:id>/approve/", views.UpdateApproveView.as_view(), name="update-approve"),
    path("updates/<int:id>/return/", views.UpdateReturnView.as_view(), name="update-return"),
    path("meetings/", views.MeetingListView.as_view(), name="meetings"),
    path("meetings/<int:id>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("public/plans/", views.PublicPlanListView.as_view(), name="public-plans"),
    path("public/plans/<slug:slug>/", views.PublicPlanView.as_view(), name="public-plan"),
    path("public/plans/<slug:slug>/elements/<str:key>/", views.PublicElementView.as_view(), name="public-element"),
    path("indicators/", indicator_api.IndicatorListView.as_view(), name="indicators"),
    path("indicators/<slug:slug>/values/", indicator_api.IndicatorValuesView.as_view(), name="indicator-values"),
    path("indicators/<slug:slug>/comparison/", indicator_api.IndicatorComparisonView.as_view(), name="indicator-comparison"),
    path("indicators/<slug:slug>/spc/", indicator_api.IndicatorSpcView.as_view(), name="indicator-spc"),
    # Last: anything else under /api/v1/ is a JSON 404 (a plain view, so not in the OpenAPI schema).
    # (?s: so an address with a line break or other control character is answered here too.
    re_path(r"^(?P<path>(?s:.*))$", errors.not_found, name="not-found"),
]
