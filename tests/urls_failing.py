"""A URL configuration with one broken view, to see the 500 page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path


@login_not_required
def boom(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [
    path("boom/", boom),
    path("", include("backcare.urls")),
]

handler500 = "backcare.views.server_error"  # the site's own, as in backcare/urls.py
