from django.urls import path

from . import views

app_name = "plans"

area = "<slug:area>"

urlpatterns = [
    path(f"{area}/plans/", views.plans, name="plans"),
    path(f"{area}/plans/new/", views.plan_create, name="plan_create"),
    path(f"{area}/plans/<int:pk>/", views.plan, name="plan"),
    path(f"{area}/plans/<int:pk>/progress-report.docx", views.plan_docx, name="plan_docx"),
    path(f"{area}/plans/<int:pk>/actions.xlsx", views.plan_xlsx, name="plan_xlsx"),
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
    path(
        f"{area}/plans/<int:pk>/actions/<int:action>/progress/<int:update>/edit/",
        views.progress_edit,
        name="progress_edit",
    ),
    path(
        f"{area}/plans/<int:pk>/actions/<int:action>/progress/<int:update>/withdraw/",
        views.progress_withdraw,
        name="progress_withdraw",
    ),
    path(f"{area}/inspections/new/", views.inspection_create, name="inspection_create"),
    path(f"{area}/inspections/<int:pk>/", views.inspection, name="inspection"),
    path(f"{area}/inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path(f"{area}/inspections/<int:pk>/findings/new/", views.finding_create, name="finding_create"),
    path(
        f"{area}/inspections/<int:pk>/findings/<int:finding>/edit/",
        views.finding_edit,
        name="finding_edit",
    ),
    path(
        f"{area}/inspections/<int:pk>/findings/<int:finding>/withdraw/",
        views.finding_withdraw,
        name="finding_withdraw",
    ),
]
