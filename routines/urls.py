from django.urls import path

from routines.views import builder as views
from routines.views import check_in, generator, history, plan, player, trials

app_name = "routines"

urlpatterns = [
    path("", views.routine_list, name="list"),
    path("new/", views.routine_create, name="create"),
    path("<int:pk>/", views.routine_detail, name="detail"),
    path("<int:pk>/edit/", views.routine_edit, name="edit"),
    path("<int:pk>/duplicate/", views.routine_duplicate, name="duplicate"),
    path("<int:pk>/delete/", views.routine_delete, name="delete"),
    path("<int:pk>/items/add/", views.item_add, name="item_add"),
    path("<int:pk>/items/order/", views.item_order, name="item_order"),
    path("<int:pk>/items/<int:item_pk>/", views.item_update, name="item_update"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.item_remove, name="item_remove"),
    path("<int:pk>/items/<int:item_pk>/move/", views.item_move, name="item_move"),
    path("<int:pk>/play/", player.play, name="play"),
    path("<int:pk>/sessions/", player.save_session, name="save_session"),
    path("add/<slug:slug>/", views.add_to_routine, name="add_to_routine"),
    path("generate/", generator.generator, name="generator"),
    path("generate/save/", generator.generator_save, name="generator_save"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("programmes/<slug:slug>/copy/", views.programme_copy, name="programme_copy"),
    path("programmes/<slug:slug>/try/", trials.try_programme, name="try"),
    path("programmes/<slug:slug>/try/sessions/", trials.try_save, name="try_save"),
    path("programmes/<slug:slug>/try/kept/", trials.try_kept, name="try_kept"),
    path("plan/", plan.plan, name="plan"),
    path("plan/calendar.ics", plan.plan_download, name="plan_download"),
    path("plan/feed/new/", plan.plan_feed_new, name="plan_feed_new"),
    path("plan/feed/off/", plan.plan_feed_revoke, name="plan_feed_revoke"),
    path("plan/feed/<str:token>.ics", plan.plan_feed, name="plan_feed"),
    path("gentle/", check_in.gentle, name="gentle"),
    path("history/", history.history, name="history"),
    path("history/progress/", history.progress, name="progress"),
    path("history/new/", history.session_create, name="session_create"),
    path("history/export.csv", history.export_csv, name="export_csv"),
    path("history/export.json", history.export_json, name="export_json"),
    path("history/export-account.json", history.export_account, name="export_account"),
    path("history/<int:pk>/", history.session_detail, name="session"),
    path("history/<int:pk>/edit/", history.session_edit, name="session_edit"),
    path("history/<int:pk>/delete/", history.session_delete, name="session_delete"),
]
