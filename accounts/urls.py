from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views
from backcare.headers import private_page

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.LogInView.as_view(), name="login"),
    path("login/keep/", views.keep_before_login, name="keep"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("delete/", views.delete_account, name="delete"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The password-reset pages carry an address or a reset link's token: never stored.
    path(
        "password/reset/",
        private_page(
            auth_views.PasswordResetView.as_view(
                email_template_name="registration/password_reset_email.txt",
                subject_template_name="registration/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        private_page(
            auth_views.PasswordResetConfirmView.as_view(
                success_url=reverse_lazy("accounts:password_reset_complete")
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
