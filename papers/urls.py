from django.urls import path

from . import views

app_name = "papers"

urlpatterns = [
    path("", views.index, name="index"),
    path("branch/<str:code>/", views.branch_page, name="branch"),
    path("branch/<str:code>/<int:year>/<str:kind>/", views.run_view, name="run"),
    path("branch/<str:code>/<int:year>/<str:kind>/pdf/", views.run_pdf, name="run_pdf"),
    path("branch/<str:code>/<int:year>/<str:kind>/member/<int:pk>/", views.member_view, name="member"),
    path("branch/<str:code>/<int:year>/<str:kind>/member/<int:pk>/pdf/", views.member_pdf, name="member_pdf"),
    path("jobs/<uuid:job_id>/", views.job, name="job"),
    path("jobs/<uuid:job_id>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<uuid:job_id>/pdf/", views.job_pdf, name="job_pdf"),
]
