from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from backcare import home, offline, views

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("offline/", offline.offline_page, name="offline"),
    path("offline/list.json", offline.offline_list, name="offline_list"),
    path("exercises/", include("exercises.urls")),
    path("routines/", include("routines.urls")),
    path("safety/", include("exercises.safety.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("staff/", include("exercises.urls_staff")),
]

if settings.BENCH_BASELINE:
    urlpatterns.append(path("bench/baseline", views.baseline))

# A database that cannot be reached answers 503 with Retry-After; any other crash 500.
handler500 = "backcare.views.server_error"
