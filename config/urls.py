from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("civicplan.search.urls")),
    path("", include("civicplan.lineage.urls")),
    path("", include("civicplan.timeline.urls")),
    path("", include("civicplan.governance.urls")),
    path("", include("civicplan.inbox.urls")),
    path("", include("civicplan.audit.urls")),
    path("organisations/", include("civicplan.organisations.urls")),
    path("", include("civicplan.reports.urls")),
    path("api/v1/", include("civicplan.api.urls")),
    path("public/", include("civicplan.public.urls")),
    path("public/", include("civicplan.indicators.public_urls")),
    path("", include("civicplan.indicators.urls")),
    path("", include("civicplan.exports.urls")),
    path("import/", include("civicplan.importer.urls")),
    path("", include("civicplan.accounts.urls")),
    path("", include("civicplan.web.urls")),
]
