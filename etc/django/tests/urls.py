from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.urls import include, path


def csrf(request):
    """Hands a test its CSRF token (and cookie), as a page of the project would."""
    return JsonResponse({"token": get_token(request)})


urlpatterns = [
    path("csrf/", csrf),
    path("dataexplorer/", include("dataexplorer_client.urls")),
    path("data/", include("dataexplorer_client.proxy_urls")),
]
