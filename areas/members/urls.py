from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("<slug:area>/members/", views.members, name="members"),
    path("<slug:area>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
