"""Pages anyone can open without logging in: the public notice behind the printed short link."""

urlpatterns = []
