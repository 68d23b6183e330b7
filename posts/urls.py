app_name = "posts"

urlpatterns = []

# -- Part B: public notice (公示), letters and going on post, changes over time (动态管理) --
from django.urls import path  # noqa: E402

from .views import lifecycle as lifecycle_views  # noqa: E402
from .views import notices as notice_views  # noqa: E402

urlpatterns += [
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/publish/", notice_views.notice_publish, name="notice_publish"),
    path("notices/<int:pk>/", notice_views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/close/", notice_views.notice_close, name="notice_close"),
    path("objections/<int:pk>/handle/", notice_views.objection_handle, name="objection_handle"),
    path("letters/", lifecycle_views.letter_list, name="letters"),
    path("letters/<int:pk>/sign/", lifecycle_views.letter_sign, name="letter_sign"),
    path("letters/<int:pk>/train/", lifecycle_views.letter_train, name="letter_train"),
    path("assignments/<int:pk>/", lifecycle_views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/<slug:action>/", lifecycle_views.assignment_action, name="assignment_action"),
    path("members/<int:pk>/history/", lifecycle_views.member_history, name="member_history"),
    path("my-post/", lifecycle_views.my_history, name="my_history"),
    path("branches/<int:pk>/new-term/", lifecycle_views.new_term, name="new_term"),
]
