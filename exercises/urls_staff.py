from django.urls import path

from exercises import views

app_name = "staff"
urlpatterns = [
    path("figures/", views.figure_sheet, name="figure_sheet"),
    path("figures/<slug:slug>/reviewed/", views.figure_review, name="figure_review"),
]
