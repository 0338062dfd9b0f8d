"""Server-to-server client of the data service.

Every call carries ``Authorization: Bearer <DATA_SERVICE_SECRET>`` and ``X-Data-User: <user id>`` (the user
the call acts for), so the service applies that user's ownership rules::

    from dataexplorer_client import DataServiceClient, DataServiceError

    client = DataServiceClient.for_user(request.user)          # or DataServiceClient(user="42")
    summary = client.upload(request.FILES["file"])             # streamed, never read into memory
    page = client.rows(summary["id"], page=1, page_size=50, sort="-fare", fare__gt=10)
    try:
        client.schema(other_id)
    except DataServiceError as e:                              # the problem+json of the answer
        e.status, e.title, e.detail, e.parameter, e.problem

Uploads stream from a path, an open binary file, a Django ``File``/``UploadedFile`` (through its
``chunks()``) or any iterable of bytes; exports stream to a path or a file.
"""

import os
import time
from urllib.parse import parse_qs, quote, urlsplit

import requests

from . import conf

CHUNK_SIZE = 64 * 1024

_UPLOAD_OPTIONS = {
    "name": "name", "delimiter": "delimiter", "quote": "quote", "escape": "escape", "header": "header",
    "encoding": "encoding", "skip_rows": "skipRows", "skipRows": "skipRows", "null_values": "nullValues",
    "nullValues": "nullValues", "types": "types", "strict": "strict",
}


class DataServiceError(Exception):
    """An answer of the service that is not a success, with the fields of its problem+json (RFC 9457)."""

    def __init__(self, status, problem, headers=None):
        self.status = status
        self.problem = dict(problem or {})
        headers = headers or {}
        self.retry_after = headers.get("Retry-After")
        self.request_id = headers.get("X-Request-Id")
        self.www_authenticate = headers.get("WWW-Authenticate")
        super().__init__(self._message())

    type = property(lambda self: self.problem.get("type", "about:blank"))
    title = property(lambda self: self.problem.get("title"))
    detail = property(lambda self: self.problem.get("detail"))
    parameter = property(lambda self: self.problem.get("parameter"))
    line = property(lambda self: self.problem.get("line"))
    column = property(lambda self: self.problem.get("column"))
    byte = property(lambda self: self.problem.get("byte"))
    error_id = property(lambda self: self.problem.get("errorId"))

    @property
    def not_found(self):
        return self.status == 404

    def _message(self):
        text = "%s %s" % (self.status if self.status is not None else "-", self.title or "error")
        if self.detail:
            text += ": " + self.detail
        position = [f"{k} {self.problem[k]}" for k in ("line", "column", "byte") if self.problem.get(k) is not None]
        if position:
            text += " (" + ", ".join(position) + ")"
        if self.parameter:
            text += " [parameter " + str(self.parameter) + "]"
        return text


class DataServiceUnavailable(DataServiceError):
    """The service could not be reached (connection refused, timeout): no answer, ``status`` is None."""

    def __init__(self, detail):
        super().__init__(None, {"title": "Data service unavailable", "detail": detail})


class DatasetFailed(DataServiceError):
    """:meth:`DataServiceClient.wait_until_ready` saw the dataset fail; ``summary`` is its last summary."""

    def __init__(self, summary):
        self.summary = summary
        super().__init__(None, {"title": "Dataset failed", "detail": summary.get("error"), "id": summary.get("id")})


class _SizedBody:
    """An iterable body of known length: ``requests`` sends it with ``Content-Length`` and streams it."""

    def __init__(self, chunks, length):
        self._chunks = chunks
        self._length = length

    def __iter__(self):
        return iter(self._chunks)

    def __len__(self):
        return self._length


def _read_chunks(readable, size=CHUNK_SIZE):
    while True:
        block = readable.read(size)
        if not block:
            return
        yield block


def _param(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return value


class DataServiceClient:
    """Calls the service for one user. Cheap to create; pass ``session`` to share connections."""

    def __init__(self, user=None, *, base_url=None, secret=None, token=None, timeout=None, session=None,
                 request_id=None):
        """``user``: a Django user or a user id (``X-Data-User``); ``token``: act with a user's JWT instead of
        the service secret; ``request_id``: sent as ``X-Request-Id`` (it names the call in the service's log)."""
        self.base_url = base_url or conf.service_url()
        if not self.base_url.endswith("/"):
            self.base_url += "/"
        self.user = None if user is None else (conf.user_id(user) if hasattr(user, "pk") else str(user))
        self._token = token
        self._secret = secret
        self.timeout = timeout if timeout is not None else conf.timeout()
        self._own_session = session is None
        self.session = session or requests.Session()
        self.request_id = request_id

    @classmethod
    def for_user(cls, user, **kwargs):
        return cls(user, **kwargs)

    @classmethod
    def for_request(cls, request, **kwargs):
        """Acts for ``request.user`` and passes the request's ``X-Request-Id`` on."""
        kwargs.setdefault("request_id", request.META.get("HTTP_X_REQUEST_ID"))
        return cls(request.user, **kwargs)

    def as_user(self, user):
        """The same client (session, URL, secret) acting for another user."""
        return DataServiceClient(user, base_url=self.base_url, secret=self._secret, token=self._token,
                                 timeout=self.timeout, session=self.session, request_id=self.request_id)

    def close(self):
        if self._own_session:
            self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- plumbing ---------------------------------------------------------------------------------

    def _headers(self, extra=None):
        headers = {"Accept": "application/json, application/problem+json;q=0.9, */*;q=0.1"}
        if self._token:
            headers["Authorization"] = "Bearer " + self._token
        else:
            headers["Authorization"] = "Bearer " + (self._secret or conf.service_secret())
            if self.user is not None:
                headers["X-Data-User"] = self.user
        if self.request_id:
            headers["X-Request-Id"] = self.request_id
        headers.update(extra or {})
        return headers

    def request(self, method, path, *, params=None, json=None, data=None, headers=None, stream=False):
        """One call; any status >= 400 raises :class:`DataServiceError`. ``path`` is relative to the base URL."""
        url = self.base_url + path.lstrip("/")
        headers = self._headers(headers)
        if json is not None or data is not None:
            # A server may answer a request with a body (a refused upload, a 404 query) before reading the
            # body, then close the connection once the answer is sent; a kept-alive connection would then
            # fail the next call. One connection per call with a body: it is never reused.
            headers["Connection"] = "close"
        try:
            response = self.session.request(method, url, params=params, json=json, data=data, headers=headers,
                                            timeout=self.timeout, stream=stream, allow_redirects=False)
        except (requests.ConnectionError, requests.Timeout) as e:
            raise DataServiceUnavailable("%s %s: %s" % (method, url, e)) from e
        if response.status_code >= 400:
            try:
                raise self._error(response)
            finally:
                response.close()
        return response

    @staticmethod
    def _error(response):
        problem = None
        if "json" in response.headers.get("Content-Type", ""):
            try:
                problem = response.json()
            except ValueError:
                problem = None
        if not isinstance(problem, dict):
            problem = {"status": response.status_code, "title": response.reason,
                       "detail": response.text[:500] if response.text else None}
        return DataServiceError(response.status_code, problem, response.headers)

    def _json(self, method, path, **kwargs):
        response = self.request(method, path, **kwargs)
        return None if response.status_code == 204 or not response.content else response.json()

    @staticmethod
    def _id(dataset_id):
        return quote(str(dataset_id), safe="")

    @staticmethod
    def _view_params(filters, kwargs):
        params = []
        if filters:
            params.extend(filters.items() if hasattr(filters, "items") else filters)
        params.extend(kwargs.items())
        return [(k, _param(v)) for k, v in params if v is not None]

    # -- routes -----------------------------------------------------------------------------------

    def health(self):
        return self._json("GET", "api/health")

    def upload(self, source, name=None, *, wait=True, content_type="text/csv", content_encoding=None, **options):
        """Uploads a CSV and returns the dataset's summary (``wait=False``: as soon as the body is received).

        ``source``: a path, an open binary file, a Django ``File``/``UploadedFile``, ``bytes``, or an iterable
        of ``bytes`` (sent chunked). Nothing is read into memory as a whole. ``options`` are the upload's
        query parameters (``delimiter``, ``quote``, ``escape``, ``header``, ``encoding``, ``skip_rows``,
        ``null_values`` (a list), ``types`` (a dict ``{column: type}``), ``strict``).
        ``content_encoding="gzip"`` for a gzipped body."""
        params = {}
        for key, value in options.items():
            if key not in _UPLOAD_OPTIONS:
                raise TypeError("unknown upload option %r" % key)
            if key == "types" and hasattr(value, "items"):
                value = ",".join("%s:%s" % kv for kv in value.items())
            params[_UPLOAD_OPTIONS[key]] = _param(value)
        params["wait"] = _param(bool(wait))
        headers = {"Content-Type": content_type}
        if content_encoding:
            headers["Content-Encoding"] = content_encoding

        opened = None
        if isinstance(source, (str, os.PathLike)):
            opened = open(source, "rb")
            body = _SizedBody(_read_chunks(opened), os.fstat(opened.fileno()).st_size)
            name = name or os.path.basename(os.fspath(source))
        elif isinstance(source, (bytes, bytearray, memoryview)):
            body = bytes(source)
        elif hasattr(source, "chunks"):
            # A Django File/UploadedFile: chunks() rewinds it and reads CHUNK_SIZE at a time (from the
            # temporary file for a TemporaryUploadedFile).
            size = getattr(source, "size", None)
            chunks = source.chunks(CHUNK_SIZE)
            body = _SizedBody(chunks, size) if size is not None else chunks
            name = name or os.path.basename(getattr(source, "name", "") or "") or None
        elif hasattr(source, "read"):
            size = None
            try:
                size = os.fstat(source.fileno()).st_size - source.tell()
            except (AttributeError, OSError, ValueError):
                pass
            chunks = _read_chunks(source)
            body = _SizedBody(chunks, size) if size is not None else chunks
            name = name or os.path.basename(getattr(source, "name", "") or "") or None
        else:
            body = iter(source)
        if name:
            params["name"] = name
        try:
            return self._json("POST", "api/datasets", params=params, data=body, headers=headers)
        finally:
            if opened is not None:
                opened.close()

    def datasets(self):
        """The user's datasets (summaries, oldest first)."""
        return self._json("GET", "api/datasets")["datasets"]

    list_datasets = datasets

    def dataset(self, dataset_id):
        """The summary of a dataset (status, rowsParsed, rowCount, columns, ...)."""
        return self._json("GET", "api/datasets/" + self._id(dataset_id))

    summary = dataset

    def wait_until_ready(self, dataset_id, timeout=3600, interval=0.5):
        """Polls the summary until the dataset is ``ready`` (returned) or ``failed`` (:class:`DatasetFailed`)."""
        deadline = time.monotonic() + timeout
        while True:
            summary = self.dataset(dataset_id)
            if summary["status"] == "ready":
                return summary
            if summary["status"] == "failed":
                raise DatasetFailed(summary)
            if time.monotonic() > deadline:
                raise TimeoutError("dataset %s still %s after %s s" % (dataset_id, summary["status"], timeout))
            time.sleep(interval)

    def delete(self, dataset_id):
        self.request("DELETE", "api/datasets/" + self._id(dataset_id)).close()

    def schema(self, dataset_id):
        return self._json("GET", "api/datasets/%s/schema" % self._id(dataset_id))

    def stats(self, dataset_id):
        return self._json("GET", "api/datasets/%s/stats" % self._id(dataset_id))

    def rows(self, dataset_id, *, page=None, page_size=None, offset=None, limit=None, columns=None, sort=None,
             nulls=None, shape=None, cursor=None, count=None, filters=None, **filter_kwargs):
        """A page of rows. Filters Datasette style, as a dict/list of pairs (``filters={"fare__gt": 10}``) or
        keyword arguments (``fare__gt=10``); ``columns`` and ``sort`` take lists (``sort=["-fare", "id"]``)."""
        params = self._view_params(filters, filter_kwargs)
        params += [(k, _param(v)) for k, v in (("page", page), ("pageSize", page_size), ("offset", offset),
                                              ("limit", limit), ("columns", columns), ("sort", sort),
                                              ("nulls", nulls), ("shape", shape), ("cursor", cursor),
                                              ("count", count)) if v is not None]
        return self._json("GET", "api/datasets/%s/rows" % self._id(dataset_id), params=params)

    page = rows

    def iter_rows(self, dataset_id, *, batch=1000, columns=None, sort=None, nulls=None, shape=None, filters=None,
                  **filter_kwargs):
        """Every row of the view, fetched ``batch`` at a time with keyset cursors (constant cost per page)."""
        cursor = ""
        while cursor is not None:
            answer = self.rows(dataset_id, limit=batch, cursor=cursor, columns=columns, sort=sort, nulls=nulls,
                               shape=shape, filters=filters, **filter_kwargs)
            yield from answer["rows"]
            following = answer.get("next")
            cursor = parse_qs(urlsplit(following).query).get("cursor", [None])[0] if following else None

    def sample(self, dataset_id, rows=None, mode=None, seed=None):
        params = {k: v for k, v in (("rows", rows), ("mode", mode), ("seed", seed)) if v is not None}
        return self._json("GET", "api/datasets/%s/sample" % self._id(dataset_id), params=params)

    def facets(self, dataset_id, column, limit=None, filters=None, **filter_kwargs):
        params = self._view_params(filters, filter_kwargs)
        if limit is not None:
            params.append(("limit", limit))
        return self._json("GET", "api/datasets/%s/facets/%s" % (self._id(dataset_id), quote(column, safe="")),
                          params=params)

    def rejects(self, dataset_id, offset=None, limit=None):
        params = {k: v for k, v in (("offset", offset), ("limit", limit)) if v is not None}
        return self._json("GET", "api/datasets/%s/rejects" % self._id(dataset_id), params=params)

    def query(self, dataset_id, body=None, **members):
        """``POST .../query`` with a JSON body (``filters``, ``groupBy``, ``aggregates``, ``having``, ``sort``,
        ``limit``, ...), given as a dict and/or keyword arguments."""
        payload = dict(body or {})
        payload.update(members)
        return self._json("POST", "api/datasets/%s/query" % self._id(dataset_id), json=payload)

    def open_export(self, dataset_id, format="csv", *, body=None, filters=None, **params):
        """The streamed export as a ``requests.Response`` (use it in a ``with``; read ``iter_content`` or
        ``raw``). ``body``: a JSON body (``POST``, like :meth:`query`); else filters and options are query
        parameters (``sort``, ``columns``, ``compression``, ``delimiter``, ``header``, ``dates``, ``null``)."""
        path = "api/datasets/%s/export" % self._id(dataset_id)
        query = self._view_params(filters, params) + [("format", format)]
        if body is not None:
            return self.request("POST", path, params=query, json=body, stream=True)
        return self.request("GET", path, params=query, stream=True)

    def export(self, dataset_id, destination, format="csv", **kwargs):
        """Streams an export into ``destination`` (a path or a binary file); returns ``{rowCount, bytes,
        filename, contentType}``."""
        with self.open_export(dataset_id, format, **kwargs) as response:
            opened = open(destination, "wb") if isinstance(destination, (str, os.PathLike)) else None
            out = opened or destination
            written = 0
            try:
                for block in response.iter_content(CHUNK_SIZE):
                    out.write(block)
                    written += len(block)
            finally:
                if opened is not None:
                    opened.close()
            disposition = response.headers.get("Content-Disposition", "")
            filename = disposition.split("filename=", 1)[1].strip('"') if "filename=" in disposition else None
            rows = response.headers.get("X-Row-Count")
            return {"rowCount": int(rows) if rows is not None else None, "bytes": written, "filename": filename,
                    "contentType": response.headers.get("Content-Type")}
