from django.urls import path

from . import kpi_views, views
from . import self_evaluation_views as sev

app_name = "areas"

urlpatterns = [
    path("<slug:area>/tracker/", views.tracker, name="tracker"),
    path("<slug:area>/months/start/", views.month_start, name="month_start"),
    path("<slug:area>/months/<str:month>/", views.month, name="month"),
    path("<slug:area>/months/<str:month>/agree/", views.month_agree, name="month_agree"),
    path("<slug:area>/months/<str:month>/reopen/", views.month_reopen, name="month_reopen"),
    path("<slug:area>/self-evaluation/draft/", sev.draft_start, name="self_evaluation_draft"),
    path(
        "<slug:area>/self-evaluation/versions/<int:number>/compare/",
        sev.compare,
        name="self_evaluation_compare",
    ),
    path(
        "<slug:area>/self-evaluation/versions/<int:number>/publish/",
        sev.publish,
        name="self_evaluation_publish",
    ),
    path("<slug:area>/self-evaluation/points/new/", sev.point_create, name="point_create"),
    path("<slug:area>/self-evaluation/points/<int:pk>/edit/", sev.point_edit, name="point_edit"),
    path(
        "<slug:area>/self-evaluation/points/<int:pk>/delete/",
        sev.point_delete,
        name="point_delete",
    ),
    path("<slug:area>/kpis/", kpi_views.kpis, name="kpis"),
    path("<slug:area>/kpis/figures/new/", kpi_views.value_create, name="kpi_value_create"),
    path("<slug:area>/kpis/targets/new/", kpi_views.target_create, name="kpi_target_create"),
    path("<slug:area>/kpis/import/", kpi_views.import_figures, name="kpi_import"),
    path(
        "<slug:area>/kpis/<slug:code>/commentary/",
        kpi_views.exception_commentary,
        name="kpi_exception",
    ),
    path("<slug:area>/members/", views.members, name="members"),
    path("<slug:area>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
