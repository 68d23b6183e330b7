from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("members.urls")),
    path("posts/", include("posts.urls")),
    # Short on purpose: it is printed on notice-board paper and typed in by hand.
    path("n/", include("posts.public_urls")),
    path("print/", include("papers.urls")),
    path("serve/", include("assessments.urls")),
    path("audit/", include("audit.urls")),
]
