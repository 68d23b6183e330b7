from django.urls import path

from . import views

app_name = "printing"

urlpatterns = [
    path("", views.index, name="index"),
    path("branch/<str:code>/", views.branch_page, name="branch"),
    path("branch/<str:code>/<int:year>/<str:kind>/", views.run_view, name="run"),
    path("branch/<str:code>/<int:year>/<str:kind>/pdf/", views.run_pdf, name="run_pdf"),
    path("notice/<int:pk>/", views.notice_view, name="notice"),
    path("notice/<int:pk>/pdf/", views.notice_pdf, name="notice_pdf"),
    path("letter/<int:pk>/", views.letter_view, name="letter"),
    path("letter/<int:pk>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("jobs/<uuid:job_id>/", views.job, name="job"),
    path("jobs/<uuid:job_id>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<uuid:job_id>/pdf/", views.job_pdf, name="job_pdf"),
]
