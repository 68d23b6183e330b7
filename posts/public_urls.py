"""Pages anyone can open without logging in: the public notice behind the printed short link."""

from django.urls import path

from .views.public import public_notice

urlpatterns = [
    path("<str:token>/", public_notice, name="public_notice"),
]
