from django.urls import path

from . import views

app_name = "scrutiny"

review = "<slug:area>/scrutiny/reviews/<int:pk>"
recommendation = f"{review}/recommendations/<int:recommendation>"

urlpatterns = [
    path("<slug:area>/scrutiny/", views.tracker, name="tracker"),
    path("<slug:area>/scrutiny/recommendations.xlsx", views.tracker_xlsx, name="tracker_xlsx"),
    path("<slug:area>/scrutiny/reviews/new/", views.review_create, name="review_create"),
    path(f"{review}/", views.review, name="review"),
    path(f"{review}/action-plan.docx", views.review_docx, name="review_docx"),
    path(f"{review}/edit/", views.review_edit, name="review_edit"),
    path(f"{review}/close/", views.review_close, name="review_close"),
    path(f"{review}/recommendations/new/", views.recommendations_add, name="recommendations_add"),
    path(f"{recommendation}/edit/", views.recommendation_edit, name="recommendation_edit"),
    path(f"{recommendation}/response/", views.response_edit, name="response_edit"),
    path(f"{recommendation}/progress/", views.update_add, name="recommendation_update"),
    path(
        f"{recommendation}/progress/<int:update>/edit/",
        views.update_edit,
        name="recommendation_update_edit",
    ),
    path(
        f"{recommendation}/progress/<int:update>/withdraw/",
        views.update_withdraw,
        name="recommendation_update_withdraw",
    ),
]
