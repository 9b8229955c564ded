from django.urls import path

from exercises.safety import views

app_name = "safety"

urlpatterns = [
    path("", views.result, name="result"),
    path("check/", views.check, name="check"),
    path("check/more/", views.check_more, name="check_more"),
    path("check/back/", views.check_back, name="check_back"),
    path("health-changed/", views.health_changed, name="health_changed"),
    path("clearance/", views.record_clearance, name="clearance"),
]
