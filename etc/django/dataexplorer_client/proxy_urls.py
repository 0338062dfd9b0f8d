"""The streaming proxy, for deployments without nginx: ``path("data/", include("dataexplorer_client.proxy_urls"))``
forwards everything under ``/data/`` to ``DATA_SERVICE_URL`` (mount it at the service's own context path so
the paths the service answers with, ``Location`` and ``next``/``previous``, stay valid)."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^(?P<path>.*)$", views.proxy_view, name="dataexplorer-proxy"),
]
