from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.framework_list, name="frameworks"),
    path("<slug:framework>/", views.framework_detail, name="framework"),
    path(
        "<slug:to_framework>/mapping/<slug:from_framework>/",
        views.mapping,
        name="mapping",
    ),
]
