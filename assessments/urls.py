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

urlpatterns += []
