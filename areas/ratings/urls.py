from django.urls import path

from . import import_views, views

app_name = "ratings"

urlpatterns = [
    path("<slug:area>/tracker/", views.tracker, name="tracker"),
    path("<slug:area>/tracker.xlsx", views.tracker_xlsx, name="tracker_xlsx"),
    path("<slug:area>/tracker/switch/", views.switch, name="switch"),
    path("<slug:area>/tracker/import/", import_views.tracker_import, name="tracker_import"),
    path(
        "<slug:area>/tracker/import/confirm/",
        import_views.tracker_import_confirm,
        name="tracker_import_confirm",
    ),
    path(
        "<slug:area>/tracker/import/template.xlsx",
        import_views.tracker_import_template,
        name="tracker_import_template",
    ),
    path("<slug:area>/months/start/", views.month_start, name="month_start"),
    path("<slug:area>/months/<str:month>/", views.month, name="month"),
    path("<slug:area>/months/<str:month>/agree/", views.month_agree, name="month_agree"),
    path("<slug:area>/months/<str:month>/reopen/", views.month_reopen, name="month_reopen"),
    path("<slug:area>/months/<str:month>/delete/", views.month_delete, name="month_delete"),
    path("<slug:area>/criteria/<str:code>/", views.criterion_history, name="criterion"),
]
