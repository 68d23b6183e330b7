"""The post pages (namespace "posts"), grouped by the module that serves them."""

from django.urls import path

from .views import catalogue, claims, lifecycle, notices, overview, printing

app_name = "posts"

urlpatterns = [
    # -- catalogue: a branch's posts for the year (设岗), common posts, claim rounds --
    path("branches/<str:code>/catalogue/", catalogue.catalogue, name="catalogue"),
    path("branches/<str:code>/catalogue/adopt/", catalogue.adopt, name="adopt"),
    path("branches/<str:code>/catalogue/own/", catalogue.own_post, name="own_post"),
    path("branches/<str:code>/rounds/new/", catalogue.round_open, name="round_open"),
    path("post/<int:pk>/edit/", catalogue.post_edit, name="post_edit"),
    path("types/<int:pk>/edit/", catalogue.type_edit, name="type_edit"),
    path("common/", catalogue.common_posts, name="common_posts"),
    # -- claims: members claim and recommend (认岗); the committee reviews (议岗, 定岗) --
    path("browse/", claims.browse, name="browse"),
    path("post/<int:pk>/claim/", claims.claim, name="claim"),
    path("post/<int:pk>/nominate/", claims.nominate, name="nominate"),
    path("my-claims/", claims.my_claims, name="my_claims"),
    path("claims/<int:pk>/withdraw/", claims.withdraw, name="withdraw"),
    path("branches/<str:code>/review/", claims.review, name="review"),
    path("branches/<str:code>/review/votes/", claims.record_votes, name="record_votes"),
    path("claims/<int:pk>/decide/", claims.decide, name="decide"),
    # -- overview: the secretary's summary, read-only for overseers --
    path("branches/", overview.branches, name="branches"),
    path("branches/<str:code>/overview/", overview.overview, name="overview"),
    # -- notices: public notice (公示) and the objections villagers raise --
    path("notices/", notices.notice_list, name="notices"),
    path("notices/publish/", notices.notice_publish, name="notice_publish"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/close/", notices.notice_close, name="notice_close"),
    path("notices/<int:pk>/print/", printing.notice_print, name="notice_print"),
    path("notices/<int:pk>/print/pdf/", printing.notice_print_pdf, name="notice_print_pdf"),
    path("objections/<int:pk>/handle/", notices.objection_handle, name="objection_handle"),
    # -- lifecycle: letters and going on post, changes over time (动态管理) --
    path("letters/", lifecycle.letter_list, name="letters"),
    path("letters/<int:pk>/sign/", lifecycle.letter_sign, name="letter_sign"),
    path("letters/<int:pk>/print/", printing.letter_print, name="letter_print"),
    path("letters/<int:pk>/print/pdf/", printing.letter_print_pdf, name="letter_print_pdf"),
    path("letters/<int:pk>/train/", lifecycle.letter_train, name="letter_train"),
    path("assignments/<int:pk>/", lifecycle.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/<slug:action>/", lifecycle.assignment_action, name="assignment_action"),
    path("members/<int:pk>/history/", lifecycle.member_history, name="member_history"),
    path("my-post/", lifecycle.my_history, name="my_history"),
    path("branches/<str:code>/new-term/", lifecycle.new_term, name="new_term"),
]
