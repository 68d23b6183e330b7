from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.entry_list, name="entries"),
    path("branches/<str:code>/", views.branch_entries, name="branch"),
    # kind is "app.model", e.g. "posts.claim"
    path("objects/<str:kind>/<int:object_id>/", views.object_entries, name="object"),
]
