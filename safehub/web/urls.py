"""Routes of the web shell."""

from django.contrib.auth import views as auth_views
from django.urls import path

from safehub.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
]
