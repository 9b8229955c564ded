from django.urls import path

from accounts import views

app_name = "safety"

urlpatterns = [
    path("", views.screening_result, name="result"),
    path("check/", views.screening_form, name="check"),
    path("health-changed/", views.health_changed, name="health_changed"),
    path("clearance/", views.record_clearance, name="clearance"),
]
