"""Settings of the integration, read from ``django.conf.settings`` at each use (``override_settings`` works).

| setting | default | meaning |
|---|---|---|
| ``DATA_SERVICE_URL`` | ``http://127.0.0.1:8002/data/`` | base URL of the service, context path included |
| ``DATA_SERVICE_SECRET`` | (none) | the service's ``DATA_SERVICE_SECRET``: server-to-server calls |
| ``DATA_JWT_SECRET`` | (none) | the service's ``DATA_JWT_SECRET``: browser tokens are HS256 |
| ``DATA_JWT_PRIVATE_KEY`` | (none) | PEM private key: browser tokens are RS256 (needs PyJWT + cryptography) |
| ``DATA_JWT_LIFETIME`` | ``300`` | seconds a browser token lives |
| ``DATA_JWT_EXTRA_CLAIMS`` | ``{}`` | claims added to every token (e.g. ``iss``/``aud`` if the service checks them) |
| ``DATA_USER_ID`` | ``str(user.pk)`` | callable (or dotted path) ``user -> str``: the id the service knows the user by |
| ``DATA_USER_SCOPES`` | ``read write`` (+ ``admin`` for superusers) | callable (or dotted path) ``user -> iterable of scopes`` |
| ``DATA_SERVICE_TIMEOUT`` | ``(10, 3600)`` | ``requests`` timeout: (connect, read) seconds |
| ``DATA_PROXY_CHUNK_SIZE`` | ``65536`` | bytes per read when the proxy view streams bodies |
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

DEFAULT_URL = "http://127.0.0.1:8002/data/"


def service_url():
    url = getattr(settings, "DATA_SERVICE_URL", None) or DEFAULT_URL
    return url if url.endswith("/") else url + "/"


def service_secret():
    secret = getattr(settings, "DATA_SERVICE_SECRET", None)
    if not secret:
        raise ImproperlyConfigured("DATA_SERVICE_SECRET is not set: the data service client needs the service secret")
    return secret


def jwt_secret():
    return getattr(settings, "DATA_JWT_SECRET", None)


def jwt_private_key():
    return getattr(settings, "DATA_JWT_PRIVATE_KEY", None)


def jwt_lifetime():
    lifetime = int(getattr(settings, "DATA_JWT_LIFETIME", 300))
    if lifetime <= 0:
        raise ImproperlyConfigured("DATA_JWT_LIFETIME must be a positive number of seconds")
    return lifetime


def jwt_extra_claims():
    return dict(getattr(settings, "DATA_JWT_EXTRA_CLAIMS", {}) or {})


def timeout():
    return getattr(settings, "DATA_SERVICE_TIMEOUT", (10, 3600))


def proxy_chunk_size():
    return int(getattr(settings, "DATA_PROXY_CHUNK_SIZE", 64 * 1024))


def _callable(name, default):
    value = getattr(settings, name, None)
    if value is None:
        return default
    return import_string(value) if isinstance(value, str) else value


def _default_user_id(user):
    return str(user.pk)


def _default_scopes(user):
    return ("read", "write", "admin") if user.is_superuser else ("read", "write")


def user_id(user):
    """The id the data service knows ``user`` by (``sub`` of tokens, ``X-Data-User`` of server calls)."""
    if not getattr(user, "is_authenticated", True):
        raise ValueError("an anonymous user has no data service identity")
    return str(_callable("DATA_USER_ID", _default_user_id)(user))


def user_scopes(user):
    return tuple(_callable("DATA_USER_SCOPES", _default_scopes)(user))
