from django.urls import path

from . import views

app_name = "self_evaluation"

urlpatterns = [
    path("<slug:area>/self-evaluation/", views.page, name="page"),
    path("<slug:area>/self-evaluation/versions/<int:number>/", views.version, name="version"),
    path(
        "<slug:area>/self-evaluation/versions/<int:number>/self-evaluation.docx",
        views.version_docx,
        name="version_docx",
    ),
    path("<slug:area>/self-evaluation/draft/", views.draft_start, name="draft"),
    path(
        "<slug:area>/self-evaluation/versions/<int:number>/compare/",
        views.compare,
        name="compare",
    ),
    path(
        "<slug:area>/self-evaluation/versions/<int:number>/publish/",
        views.publish,
        name="publish",
    ),
    path("<slug:area>/self-evaluation/points/new/", views.point_create, name="point_create"),
    path("<slug:area>/self-evaluation/points/<int:pk>/edit/", views.point_edit, name="point_edit"),
    path(
        "<slug:area>/self-evaluation/points/<int:pk>/withdraw/",
        views.point_withdraw,
        name="point_withdraw",
    ),
    path(
        "<slug:area>/self-evaluation/points/<int:pk>/delete/",
        views.point_delete,
        name="point_delete",
    ),
]
