from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("branches/<str:code>/accounts/", views.create_accounts, name="create_accounts"),
    path("roster/template.xlsx", views.roster_template, name="roster_template"),
]
