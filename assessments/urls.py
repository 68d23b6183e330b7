"""Serving on post (履岗) and, later, assessment: one block per part of the practice."""

from django.urls import path  # noqa: F401  (each part's block adds its paths)

app_name = "assessments"

urlpatterns = []

# -- duty log (履岗纪实) and activities (集体活动) --------------------------------------------

from .views import activities as activity_views  # noqa: E402
from .views import log as log_views  # noqa: E402

urlpatterns += [
    path("log/", log_views.my_log, name="my_log"),
    path("log/new/", log_views.log_new, name="log_new"),
    path("log/counts/", log_views.log_counts, name="log_counts"),
    path("log/<int:pk>/", log_views.log_entry, name="log_entry"),
    path("log/<int:pk>/edit/", log_views.log_edit, name="log_edit"),
    path("log/<int:pk>/verify/", log_views.log_verify, name="log_verify"),
    path("log/<int:pk>/return/", log_views.log_return, name="log_return"),
    path("log/photos/<int:pk>/", log_views.log_photo, name="log_photo"),
    path("branches/<str:code>/log/", log_views.branch_log, name="branch_log"),
    path("branches/<str:code>/log/verify/", log_views.log_verify_many, name="log_verify_many"),
    path("activities/", activity_views.activity_list, name="activities"),
    path("activities/attend/", activity_views.attend, name="attend"),
    path("activities/mine/", activity_views.my_activities, name="my_activities"),
    path("activities/<int:pk>/", activity_views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/attendance/", activity_views.activity_attendance, name="activity_attendance"),
    path("activities/<int:pk>/close/", activity_views.activity_close, name="activity_close"),
    path("branches/<str:code>/activities/new/", activity_views.activity_new, name="activity_new"),
]

# -- service points (服务积分) and closing months (月登记) ------------------------------------

urlpatterns += []

# -- pledges (承诺 → 践诺 → 评诺) -------------------------------------------------------------

urlpatterns += []

# -- responsibility areas (党员责任区), pairs (帮带) and the branch's checks ------------------

urlpatterns += []
