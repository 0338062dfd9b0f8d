"""The proxy view in a real (threaded) Django server in front of the real service."""

import os
import tempfile
import tracemalloc

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import LiveServerTestCase, RequestFactory, SimpleTestCase

from dataexplorer_client import DataServiceClient, views

from .support import HEADER, needs_service, row, unique, write_csv_of_size

BIG = 16 * 1024 * 1024
# The proxy's own buffers are 64 KB; requests, urllib3 and the server add a little. A proxy that held a
# body whole would need more than the body.
MEMORY_CEILING = 6 * 1024 * 1024


@needs_service
class ProxyViewTest(LiveServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.big = os.path.join(cls.tmp.name, "big.csv")
        cls.big_rows = write_csv_of_size(cls.big, BIG)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        super().tearDownClass()

    def setUp(self):
        users = get_user_model().objects
        self.alice = users.create_user(unique("alice"))
        self.bob = users.create_user(unique("bob"))

    def url(self, path):
        return self.live_server_url + "/data/" + path

    def token(self, user, **params):
        self.client.force_login(user)
        return self.client.get("/dataexplorer/token/", params).json()["token"]

    def session(self, user):
        """A requests session logged in to Django (its session cookie), as a browser would be."""
        self.client.force_login(user)
        browser = requests.Session()
        browser.cookies.set(settings.SESSION_COOKIE_NAME, self.client.cookies[settings.SESSION_COOKIE_NAME].value)
        return browser

    def test_upload_page_and_export_stream_through_the_proxy(self):
        bearer = {"Authorization": "Bearer " + self.token(self.alice)}
        tracemalloc.start()
        try:
            with open(self.big, "rb") as body:
                uploaded = requests.post(self.url("api/datasets?name=through-django"), data=body, timeout=300,
                                         headers=dict(bearer, **{"Content-Type": "text/csv",
                                                                 "X-Request-Id": "django-proxy-upload"}))
            upload_peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        self.assertEqual(uploaded.status_code, 201, uploaded.text[:500])
        summary = uploaded.json()
        self.assertEqual(summary["rowCount"], self.big_rows)
        self.assertEqual(summary["bytesReceived"], os.path.getsize(self.big))
        self.assertEqual(uploaded.headers["Location"], "/data/api/datasets/" + summary["id"])
        self.assertEqual(uploaded.headers["X-Request-Id"], "django-proxy-upload")
        self.assertLess(upload_peak, MEMORY_CEILING, "the proxy buffered the %d byte upload" % BIG)

        page = requests.get(self.url("data/%s?page=3&pageSize=4" % summary["id"]), headers=bearer, timeout=30)
        self.assertEqual(page.status_code, 200, page.text)
        self.assertEqual([r[0] for r in page.json()["rows"]], [9, 10, 11, 12])
        self.assertEqual(page.json()["rows"][0][1], row(8).split(b",")[1].decode())

        tracemalloc.start()
        try:
            with requests.get(self.url("api/datasets/%s/export?format=csv" % summary["id"]), headers=bearer,
                              stream=True, timeout=300) as export:
                self.assertEqual(export.status_code, 200)
                first = None
                received = lines = 0
                for block in export.iter_content(65536):
                    first = first or block
                    received += len(block)
                    lines += block.count(b"\n")
            export_peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        self.assertTrue(first.startswith(HEADER), first[:100])
        self.assertEqual(lines, self.big_rows + 1)
        self.assertEqual(int(export.headers["X-Row-Count"]), self.big_rows)
        self.assertIn("attachment", export.headers["Content-Disposition"])
        self.assertGreater(received, BIG * 0.9)
        self.assertLess(export_peak, MEMORY_CEILING, "the proxy buffered the %d byte export" % received)

        other = requests.get(self.url("data/%s" % summary["id"]),
                             headers={"Authorization": "Bearer " + self.token(self.bob)}, timeout=30)
        self.assertEqual(other.status_code, 404)

    def test_session_user_is_acted_for_and_csrf_guards_writes(self):
        browser = self.session(self.alice)
        listed = browser.get(self.url("api/datasets"), timeout=30)
        self.assertEqual(listed.status_code, 200, listed.text)
        self.assertEqual(listed.json()["datasets"], [])

        forged = browser.post(self.url("api/datasets?name=cross-site"), data=b"a\n1\n", timeout=30,
                              headers={"Content-Type": "text/csv"})
        self.assertEqual(forged.status_code, 403, forged.text)

        csrf = browser.get(self.live_server_url + "/csrf/", timeout=30).json()["token"]
        posted = browser.post(self.url("api/datasets?name=same-site"), data=b"a\n1\n", timeout=30,
                              headers={"Content-Type": "text/csv", "X-CSRFToken": csrf,
                                       "Referer": self.live_server_url + "/"})
        self.assertEqual(posted.status_code, 201, posted.text)
        with DataServiceClient(self.alice) as client:
            self.assertEqual([d["name"] for d in client.datasets()], ["same-site"])

    def test_anonymous_gets_the_services_401(self):
        response = requests.get(self.url("api/datasets"), timeout=30)
        self.assertEqual(response.status_code, 401, response.text)
        self.assertIn("Bearer", response.headers.get("WWW-Authenticate", ""))

    def test_unreachable_service_is_a_502_problem(self):
        with self.settings(DATA_SERVICE_URL="http://127.0.0.1:9/data/"):
            response = requests.get(self.url("api/health"), timeout=30)
        self.assertEqual(response.status_code, 502)
        self.assertEqual(response.headers["Content-Type"], "application/problem+json")


class ProxyHeadersTest(SimpleTestCase):

    def test_hop_by_hop_cookies_and_acting_user_are_not_forwarded(self):
        request = RequestFactory().post(
            "/data/api/datasets", data=b"x", content_type="text/csv", REMOTE_ADDR="10.1.2.3",
            HTTP_COOKIE="sessionid=secret", HTTP_CONNECTION="keep-alive, X-Private", HTTP_X_PRIVATE="1",
            HTTP_KEEP_ALIVE="timeout=5", HTTP_TE="trailers", HTTP_X_DATA_USER="someone-else",
            HTTP_AUTHORIZATION="Bearer abc", HTTP_X_REQUEST_ID="r-1", HTTP_X_FORWARDED_FOR="192.0.2.7",
            HTTP_CONTENT_ENCODING="gzip", HTTP_PROXY_AUTHORIZATION="Basic eA==")
        headers = views._request_headers(request)
        self.assertEqual(headers, {
            "Content-Type": "text/csv",
            "Authorization": "Bearer abc",
            "X-Request-Id": "r-1",
            "Content-Encoding": "gzip",
            "Accept-Encoding": "identity",
            "X-Forwarded-For": "192.0.2.7, 10.1.2.3",
            "X-Forwarded-Proto": "http",
            "X-Forwarded-Host": "testserver",
        })

    def test_location_follows_the_mount(self):
        self.assertEqual(views._rewrite_location("/data/api/datasets/x", "http://svc:8002/data/",
                                                 "/explore/api/datasets", "api/datasets"),
                         "/explore/api/datasets/x")
        self.assertEqual(views._rewrite_location("http://svc:8002/data/api/datasets/x?a=1",
                                                 "http://svc:8002/data/", "/data/api/datasets", "api/datasets"),
                         "/data/api/datasets/x?a=1")
        self.assertEqual(views._rewrite_location("https://elsewhere/x", "http://svc:8002/data/", "/data/a", "a"),
                         "https://elsewhere/x")
