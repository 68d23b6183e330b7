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

from .views import points  # noqa: E402  (in this block, so the parts' merges stay apart)

urlpatterns += [
    path("branches/<str:code>/points/", points.points_now, name="points_now"),
    path("branches/<str:code>/points/rules/", points.branch_rules, name="points_rules"),
    path("branches/<str:code>/points/adjust/", points.points_adjust, name="points_adjust"),
    path("branches/<str:code>/points/<str:month>/", points.points_board, name="points_board"),
    path("branches/<str:code>/points/<str:month>/close/", points.points_close, name="points_close"),
    path("branches/<str:code>/points/<str:month>/reopen/", points.points_reopen, name="points_reopen"),
    path("orgs/<str:org>/points/rules/", points.organisation_rules, name="points_org_rules"),
    path("orgs/<str:org>/points/close/", points.organisation_close, name="points_org_close"),
    path("points/close-runs/<uuid:job_id>/", points.points_close_job, name="points_close_job"),
    path("points/close-runs/<uuid:job_id>/progress/", points.points_close_job_progress, name="points_close_progress"),
    path("points/card/", points.my_card, name="points_card"),
    path("points/card/<int:pk>/", points.member_card, name="points_member_card"),
    # No login: the branch's published boards behind the printed link and QR code.
    path("p/<str:token>/", points.public_points, name="public_points"),
]

# -- pledges (承诺 → 践诺 → 评诺) -------------------------------------------------------------

from .views import pledges as pledge_views  # noqa: E402  (each part imports its own views)

urlpatterns += [
    path("pledges/", pledge_views.my_pledges, name="my_pledges"),
    path("pledges/new/", pledge_views.pledge_add, name="pledge_add"),
    path("pledges/submit/", pledge_views.pledges_submit, name="pledges_submit"),
    path("pledges/letter/", pledge_views.my_pledge_letter, name="my_pledge_letter"),
    path("pledges/letter/pdf/", pledge_views.my_pledge_letter_pdf, name="my_pledge_letter_pdf"),
    path("pledges/<int:pk>/", pledge_views.my_pledge, name="my_pledge"),
    path("pledges/<int:pk>/edit/", pledge_views.pledge_edit, name="pledge_edit"),
    path("pledges/<int:pk>/delete/", pledge_views.pledge_delete, name="pledge_delete"),
    path("pledges/<int:pk>/progress/", pledge_views.pledge_progress, name="pledge_progress"),
    path("pledges/<int:pk>/evaluate/", pledge_views.pledge_self_evaluate, name="pledge_self_evaluate"),
    path("branches/<str:code>/pledges/", pledge_views.branch_pledges, name="branch_pledges"),
    path("branches/<str:code>/pledges/accept/", pledge_views.pledges_accept_many, name="pledges_accept_many"),
    path("branches/<str:code>/pledges/new/", pledge_views.branch_pledge_add, name="branch_pledge_add"),
    path("branches/<str:code>/pledges/<int:pk>/", pledge_views.branch_pledge, name="branch_pledge"),
    path("branches/<str:code>/pledges/<int:pk>/edit/", pledge_views.branch_pledge_edit, name="branch_pledge_edit"),
    path("branches/<str:code>/pledges/<int:pk>/review/", pledge_views.pledge_review, name="pledge_review"),
    path("branches/<str:code>/pledges/<int:pk>/outcome/", pledge_views.pledge_outcome, name="pledge_outcome"),
    path("branches/<str:code>/pledges/<int:pk>/evaluate/", pledge_views.pledge_evaluate, name="pledge_evaluate"),
    path(
        "branches/<str:code>/pledges/<int:pk>/progress/",
        pledge_views.branch_pledge_progress,
        name="branch_pledge_progress",
    ),
]

# -- responsibility areas (党员责任区), pairs (帮带) and the branch's checks ------------------

from .views import areas as area_views  # noqa: E402
from .views import checks as check_views  # noqa: E402
from .views import mentoring as mentoring_views  # noqa: E402
from .views import serving as serving_views  # noqa: E402

urlpatterns += [
    path("branches/<str:code>/areas/", area_views.area_list, name="areas"),
    path("branches/<str:code>/areas/new/", area_views.area_new, name="area_new"),
    path("areas/<int:pk>/", area_views.area_ledger, name="area_ledger"),
    path("areas/<int:pk>/edit/", area_views.area_edit, name="area_edit"),
    path("areas/<int:pk>/remove/", area_views.area_remove, name="area_remove"),
    path("branches/<str:code>/pairs/", mentoring_views.pair_list, name="pairs"),
    path("pairs/<int:pk>/", mentoring_views.pair_detail, name="pair_detail"),
    path("pairs/<int:pk>/notes/", mentoring_views.pair_note, name="pair_note"),
    path("pairs/<int:pk>/end/", mentoring_views.pair_end, name="pair_end"),
    path("branches/<str:code>/meetings/", check_views.meeting_list, name="meetings"),
    path("branches/<str:code>/reports/", check_views.report_list, name="reports"),
    path("inspections/", check_views.inspection_overview, name="inspection_overview"),
    path("branches/<str:code>/inspections/", check_views.inspection_list, name="inspections"),
    path("branches/<str:code>/inspections/new/", check_views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", check_views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/answer/", check_views.inspection_answer, name="inspection_answer"),
    path("my/", serving_views.my_serving, name="my_serving"),
    path("my/reports/<int:year>/<int:quarter>/", serving_views.my_report, name="my_report"),
]
