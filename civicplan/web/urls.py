from django.urls import path

from .views import auth, catalogue, delivery, editor, plans, work

app_name = "web"

urlpatterns = [
    path("", plans.home, name="home"),
    path("sign-in/", auth.SignInView.as_view(), name="sign-in"),
    path("sign-out/", auth.SignOutView.as_view(), name="sign-out"),
    path("pledges/", catalogue.pledges, name="pledges"),
    path("services/", catalogue.services, name="services"),
    path("my-elements/", work.my_elements, name="my-elements"),
    path("updates/", delivery.review_queue, name="review-queue"),
    path("updates/<int:pk>/review/", delivery.review_submit, name="review-submit"),
    path("plans/<slug:slug>/", plans.plan_detail, name="plan-detail"),
    path("plans/<slug:slug>/dashboard/", delivery.dashboard, name="dashboard"),
    path("plans/<slug:slug>/export.<str:fmt>", plans.plan_export, name="plan-export"),
    path("plans/<slug:slug>/edit/", editor.plan_edit, name="plan-edit"),
    path("plans/<slug:slug>/edit/add/", editor.element_add, name="element-add"),
    path("plans/<slug:slug>/elements/<str:key>/", plans.element_detail, name="element-detail"),
    path("plans/<slug:slug>/elements/<str:key>/edit/", editor.element_edit, name="element-edit"),
    path("plans/<slug:slug>/elements/<str:key>/remove/", editor.element_remove_confirm, name="element-remove"),
    path(
        "plans/<slug:slug>/elements/<str:key>/update/",
        delivery.progress_update_create,
        name="progress-update-create",
    ),
    path(
        "plans/<slug:slug>/elements/<str:key>/updates/<int:pk>/evidence/",
        delivery.evidence_download,
        name="evidence-download",
    ),
]
