from django.urls import path

from exercises import views

app_name = "exercises"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:slug>/", views.detail, name="detail"),
]
