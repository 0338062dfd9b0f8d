"""The token view (browser JWTs for the logged-in user) and a streaming proxy view (deployments without nginx)."""

import logging
from urllib.parse import urlsplit

import requests
from django.http import JsonResponse, QueryDict, StreamingHttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.datastructures import MultiValueDict
from django.utils.encoding import escape_uri_path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import conf, tokens
from .client import _SizedBody

log = logging.getLogger(__name__)

PROBLEM = "application/problem+json"

# RFC 9110 7.6.1 connection-specific fields, plus what a proxy must not pass on.
HOP_BY_HOP = frozenset(("connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
                        "te", "trailer", "trailers", "transfer-encoding", "upgrade"))
# Never sent to the service: the Django session cookie, and the acting-user header (only the service
# secret may set it; a browser has no business sending it).
REQUEST_DROPPED = frozenset(("host", "cookie", "x-data-user", "content-length", "x-forwarded-for",
                             "x-forwarded-proto", "x-forwarded-host"))
RESPONSE_DROPPED = frozenset(("set-cookie",))
SAFE_METHODS = frozenset(("GET", "HEAD", "OPTIONS"))


def _problem(status, title, detail, **extra):
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    body.update(extra)
    return JsonResponse(body, status=status, content_type=PROBLEM)


@require_http_methods(["GET", "POST"])
def token_view(request):
    """``{"token", "tokenType": "Bearer", "expiresAt", "expiresIn", "scope", "user"}`` for the logged-in user;
    ``401`` problem when nobody is logged in. ``?scope=read`` (or a ``scope`` form field) narrows the scopes
    (never widens them). ``Cache-Control: no-store``. POST goes through Django's CSRF check as usual."""
    if not request.user.is_authenticated:
        response = _problem(401, "Unauthorized", "log in to get a data service token")
        response["WWW-Authenticate"] = 'Session realm="django"'
        return response
    wanted = request.POST.get("scope") if request.method == "POST" else request.GET.get("scope")
    token, claims = tokens.token_for_user(request.user, scopes=wanted)
    response = JsonResponse({
        "token": token,
        "tokenType": "Bearer",
        "expiresAt": claims["exp"],
        "expiresIn": claims["exp"] - claims["iat"],
        "scope": claims.get("scope", ""),
        "user": claims["sub"],
    })
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


class _Upstream:
    """The service's response body as an iterator that closes the connection when Django closes it, even if
    it was never iterated. Bytes pass as they are (no gzip decoding, no re-chunking into lines)."""

    def __init__(self, response, chunk_size):
        self._response = response
        self._chunks = response.raw.stream(chunk_size, decode_content=False)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._chunks)

    def close(self):
        self._response.close()


def _request_headers(request):
    connection_tokens = {t.strip().lower() for t in request.META.get("HTTP_CONNECTION", "").split(",")}
    headers = {}
    for key, value in request.META.items():
        if key.startswith("HTTP_"):
            name = key[5:].replace("_", "-").lower()
        elif key == "CONTENT_TYPE":
            name = "content-type"
        else:
            continue
        if name in HOP_BY_HOP or name in REQUEST_DROPPED or name in connection_tokens or not value:
            continue
        headers[name.title()] = value
    remote = request.META.get("REMOTE_ADDR")
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR")
    if remote:
        headers["X-Forwarded-For"] = forwarded_for + ", " + remote if forwarded_for else remote
    # requests would otherwise ask for gzip on its own, and the bytes pass through undecoded.
    headers.setdefault("Accept-Encoding", "identity")
    headers["X-Forwarded-Proto"] = request.scheme
    headers["X-Forwarded-Host"] = request.get_host()
    return headers


def _csrf_failure(request):
    """Django's CSRF check for a session-authenticated unsafe request, by header only: the body (an upload)
    must not be read, so the form field is not looked at."""
    request._post, request._files = QueryDict(), MultiValueDict()
    middleware = CsrfViewMiddleware(lambda r: None)
    middleware.process_request(request)
    return middleware.process_view(request, _csrf_checked, (), {})


def _csrf_checked(request):  # the callback CsrfViewMiddleware inspects: not csrf_exempt
    return None


def _body(request):
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length <= 0:
        return None
    chunk = conf.proxy_chunk_size()

    def chunks():
        while True:
            block = request.read(chunk)
            if not block:
                return
            yield block

    return _SizedBody(chunks(), length)


@csrf_exempt
def proxy_view(request, path=""):
    """Forwards ``<mount>/<path>?<query>`` to ``DATA_SERVICE_URL`` + ``path``, streaming both bodies.

    Credentials: an ``Authorization`` header of the request (the browser's token from :func:`token_view`) is
    passed on unchanged. Without one, a user logged in to Django is acted for with a token minted here
    (unsafe methods then need Django's CSRF header, ``X-CSRFToken``). Otherwise the call goes without
    credentials and the service decides (401 in ``token`` mode). Cookies, ``X-Data-User`` and hop-by-hop
    headers are never forwarded. The request body is read in ``DATA_PROXY_CHUNK_SIZE`` blocks and needs a
    ``Content-Length`` (browsers always send one for a file)."""
    headers = _request_headers(request)
    if "Authorization" not in headers and getattr(request, "user", None) is not None \
            and request.user.is_authenticated:
        if request.method not in SAFE_METHODS:
            refused = _csrf_failure(request)
            if refused is not None:
                return _problem(403, "Forbidden", "CSRF check failed: send the X-CSRFToken header, or the "
                                                  "data service token as Authorization: Bearer")
        headers["Authorization"] = "Bearer " + tokens.token_for_user(request.user)[0]

    base = conf.service_url()
    url = base + escape_uri_path(path)
    query = request.META.get("QUERY_STRING", "")
    if query:
        url += "?" + query
    try:
        upstream = requests.request(request.method, url, headers=headers, data=_body(request), stream=True,
                                    timeout=conf.timeout(), allow_redirects=False)
    except (requests.ConnectionError, requests.Timeout) as e:
        log.warning("data service proxy: %s %s failed: %s", request.method, url, e)
        return _problem(502, "Bad Gateway", "the data service did not answer")

    response = StreamingHttpResponse(_Upstream(upstream, conf.proxy_chunk_size()), status=upstream.status_code,
                                     reason=upstream.reason)
    connection_tokens = {t.strip().lower() for t in upstream.headers.get("Connection", "").split(",")}
    for name, value in upstream.headers.items():
        lower = name.lower()
        if lower in HOP_BY_HOP or lower in RESPONSE_DROPPED or lower in connection_tokens:
            continue
        if lower == "location":
            value = _rewrite_location(value, base, request.path, path)
        response[name] = value
    return response


def _rewrite_location(location, base, request_path, path):
    """Maps the service's own paths (``/data/...``) to where this view is mounted."""
    upstream = urlsplit(base)
    target = urlsplit(location)
    if target.netloc and target.netloc != upstream.netloc:
        return location
    mount = request_path[: len(request_path) - len(path)] if path else request_path
    if not target.path.startswith(upstream.path):
        return location
    rewritten = mount + target.path[len(upstream.path):]
    return rewritten + ("?" + target.query if target.query else "")
