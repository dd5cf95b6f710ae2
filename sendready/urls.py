from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from common.durations import link_lifetime

from .accounts import NewPasswordView, SetPasswordView
from .documents import pack_views
from .documents.views import readiness_report
from .forms import ChangePasswordForm, ForgottenPasswordForm, SignInForm
from .views import activity, dashboard, home, old_citations_page


def superusers_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only  # type: ignore[method-assign]
admin.site.site_header = "SEND Ready administration"

handler500 = "sendready.errors.server_error"

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
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            form_class=ChangePasswordForm, extra_context={"nav": "password"}
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/forgotten/",
        auth_views.PasswordResetView.as_view(
            form_class=ForgottenPasswordForm,
            email_template_name="registration/password_reset_email.txt",
            extra_email_context={"link_lifetime": link_lifetime()},
        ),
        name="password_reset",
    ),
    path(
        "password/forgotten/sent/",
        auth_views.PasswordResetDoneView.as_view(extra_context={"link_lifetime": link_lifetime()}),
        name="password_reset_done",
    ),
    path(
        "password/new/<uidb64>/<token>/", NewPasswordView.as_view(), name="password_reset_confirm"
    ),
    path(
        "password/new/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitation/<uidb64>/<token>/", SetPasswordView.as_view(), name="set_password"),
    path(
        "invitation/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/set_password_done.html"
        ),
        name="set_password_done",
    ),
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
