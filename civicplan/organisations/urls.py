from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/settings/", views.organisation_settings, name="settings"),
    path("<slug:slug>/people/add/", views.person_edit, name="person-add"),
    path("<slug:slug>/people/<int:pk>/", views.person_detail, name="person"),
    path("<slug:slug>/people/<int:pk>/change/", views.person_edit, name="person-edit"),
    path("<slug:slug>/people/<int:pk>/remove/", views.person_remove, name="person-remove"),
    path("<slug:slug>/people/<int:pk>/roles/<int:role_pk>/remove/", views.role_remove, name="role-remove"),
    path("<slug:slug>/<str:part>/add/", views.part_edit, name="part-add"),
    path("<slug:slug>/<str:part>/<int:pk>/", views.part_edit, name="part-edit"),
    path("<slug:slug>/<str:part>/<int:pk>/remove/", views.part_remove, name="part-remove"),
]
