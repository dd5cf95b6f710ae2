from django.urls import path

from . import views

app_name = "kpis"

urlpatterns = [
    path("<slug:area>/kpis/", views.kpis, name="kpis"),
    path("<slug:area>/kpis/indicators.xlsx", views.kpis_xlsx, name="kpis_xlsx"),
    path("<slug:area>/kpis/figures/new/", views.value_create, name="value_create"),
    path("<slug:area>/kpis/targets/new/", views.target_create, name="target_create"),
    path("<slug:area>/kpis/comparators/new/", views.comparator_create, name="comparator_create"),
    path("<slug:area>/kpis/import/", views.import_figures, name="import"),
    path(
        "<slug:area>/kpis/import/template.csv",
        views.import_template_csv,
        name="import_template_csv",
    ),
    path("<slug:area>/kpis/<slug:code>/commentary/", views.exception_commentary, name="exception"),
]
