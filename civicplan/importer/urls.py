from django.urls import path

from . import views

app_name = "importer"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:draft_id>/", views.review, name="review"),
    path("<int:draft_id>/elements/<str:element_id>/", views.element_edit, name="element-edit"),
    path("<int:draft_id>/save/", views.save, name="save"),
    path("<int:draft_id>/elements/", views.bulk, name="bulk"),
    path("<int:draft_id>/elements/<str:element_id>/source.png", views.source_region, name="source-region"),
]
