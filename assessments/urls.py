"""Serving on post (履岗) and, later, assessment: one block per part of the practice."""

from django.urls import path  # noqa: F401  (each part's block adds its paths)

app_name = "assessments"

urlpatterns = []

# -- duty log (履岗纪实) and activities (集体活动) --------------------------------------------

urlpatterns += []

# -- service points (服务积分) and closing months (月登记) ------------------------------------

urlpatterns += []

# -- pledges (承诺 → 践诺 → 评诺) -------------------------------------------------------------

urlpatterns += []

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
