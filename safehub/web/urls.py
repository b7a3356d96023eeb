"""Routes of the web shell."""

from django.urls import path

from safehub.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-in/set-up/", views.sign_in_set_up, name="sign_in_set_up"),
    path("sign-out/", views.sign_out, name="logout"),
]
