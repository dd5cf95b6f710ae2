from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .documents import pack_views
from .documents.views import readiness_report
from .forms import SignInForm
from .views import activity, dashboard, home, old_citations_page


def superusers_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only  # type: ignore[method-assign]
admin.site.site_header = "SEND Ready administration"

urlpatterns = [
    path("", home, name="home"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("areas/<slug:area>/", dashboard, name="dashboard"),
    path("areas/<slug:area>/activity/", activity, name="activity"),
    path("areas/<slug:area>/earlier-criteria/", old_citations_page, name="old_citations"),
    path("areas/<slug:area>/papers/readiness/", readiness_report, name="readiness_report"),
    path("areas/<slug:area>/packs/", pack_views.packs, name="packs"),
    path("areas/<slug:area>/packs/new/", pack_views.pack_create, name="pack_create"),
    path("areas/<slug:area>/packs/<int:pk>/", pack_views.pack, name="pack"),
    path(
        "areas/<slug:area>/packs/<int:pk>/papers/<int:document>/",
        pack_views.pack_document,
        name="pack_document",
    ),
    path("areas/", include("areas.ratings.urls")),
    path("areas/", include("areas.members.urls")),
    path("areas/", include("areas.self_evaluation.urls")),
    path("areas/", include("areas.kpis.urls")),
    path("areas/", include("actions.plans.urls")),
    path("areas/", include("actions.scrutiny.urls")),
    path("frameworks/", include("frameworks.urls")),
    path("admin/", admin.site.urls),
]
