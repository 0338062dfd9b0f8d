"""``path("dataexplorer/", include("dataexplorer_client.urls"))`` gives ``dataexplorer/token/`` (name
``dataexplorer:token``). The proxy is in :mod:`dataexplorer_client.proxy_urls`."""

from django.urls import path

from . import views

app_name = "dataexplorer"

urlpatterns = [
    path("token/", views.token_view, name="token"),
]
