from django.urls import path

from . import scrutiny_views, views

app_name = "actions"

area = "<slug:area>"

urlpatterns = [
    path(f"{area}/plans/", views.plans, name="plans"),
    path(f"{area}/plans/new/", views.plan_create, name="plan_create"),
    path(f"{area}/plans/<int:pk>/", views.plan, name="plan"),
    path(f"{area}/plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path(
        f"{area}/plans/<int:pk>/workstreams/new/", views.workstream_create, name="workstream_create"
    ),
    path(
        f"{area}/plans/<int:pk>/workstreams/<int:workstream>/edit/",
        views.workstream_edit,
        name="workstream_edit",
    ),
    path(f"{area}/plans/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path(f"{area}/plans/<int:pk>/actions/<int:action>/", views.action, name="action"),
    path(
        f"{area}/plans/<int:pk>/actions/<int:action>/edit/", views.action_edit, name="action_edit"
    ),
    path(f"{area}/inspections/new/", views.inspection_create, name="inspection_create"),
    path(f"{area}/inspections/<int:pk>/", views.inspection, name="inspection"),
    path(f"{area}/inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path(f"{area}/inspections/<int:pk>/findings/new/", views.finding_create, name="finding_create"),
    path(f"{area}/scrutiny/", scrutiny_views.tracker, name="scrutiny"),
    path(f"{area}/scrutiny/reviews/new/", scrutiny_views.review_create, name="review_create"),
    path(f"{area}/scrutiny/reviews/<int:pk>/", scrutiny_views.review, name="review"),
    path(f"{area}/scrutiny/reviews/<int:pk>/edit/", scrutiny_views.review_edit, name="review_edit"),
    path(
        f"{area}/scrutiny/reviews/<int:pk>/recommendations/new/",
        scrutiny_views.recommendations_add,
        name="recommendations_add",
    ),
    path(
        f"{area}/scrutiny/reviews/<int:pk>/recommendations/<int:recommendation>/edit/",
        scrutiny_views.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        f"{area}/scrutiny/reviews/<int:pk>/recommendations/<int:recommendation>/response/",
        scrutiny_views.response_edit,
        name="response_edit",
    ),
    path(
        f"{area}/scrutiny/reviews/<int:pk>/recommendations/<int:recommendation>/progress/",
        scrutiny_views.update_add,
        name="recommendation_update",
    ),
    path(
        f"{area}/inspections/<int:pk>/findings/<int:finding>/edit/",
        views.finding_edit,
        name="finding_edit",
    ),
]
