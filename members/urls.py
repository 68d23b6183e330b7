from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("branches/<str:code>/accounts/", views.create_accounts, name="create_accounts"),
    path("branches/<str:code>/logins/", views.branch_logins, name="branch_logins"),
    path("branches/<str:code>/logins/<int:pk>/unlock/", views.unlock_login, name="unlock_login"),
    path("branches/<str:code>/logins/<int:pk>/reset/", views.reset_login, name="reset_login"),
    path("roster/template.xlsx", views.roster_template, name="roster_template"),
]
