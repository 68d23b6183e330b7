"""Serving on post (履岗) and, later, assessment: one block per part of the practice."""

from django.urls import path  # noqa: F401  (each part's block adds its paths)

app_name = "assessments"

urlpatterns = []

# -- duty log (履岗纪实) and activities (集体活动) --------------------------------------------

urlpatterns += []

# -- service points (服务积分) and closing months (月登记) ------------------------------------

urlpatterns += []

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

urlpatterns += []
