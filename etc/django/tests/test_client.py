"""The client against a real data service in token mode: ownership, errors, tokens minted by Django."""

import io
import os
import tempfile
import time
import unittest

import requests
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.test import TestCase, override_settings

from dataexplorer_client import DataServiceClient, DataServiceError, DataServiceUnavailable, tokens

from .support import needs_service, row, service_url, unique, write_csv, write_csv_of_size


class ReadSizes(File):
    """A Django File that records the largest read asked of it."""

    largest = 0

    def read(self, size=-1):
        type(self).largest = max(type(self).largest, size if size >= 0 else 1 << 62)
        return super().read(size)


@needs_service
class ClientTest(TestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "cities.csv")
        write_csv(cls.path, 1000)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        super().tearDownClass()

    def setUp(self):
        users = get_user_model().objects
        self.alice = users.create_user(unique("alice"))
        self.bob = users.create_user(unique("bob"))
        self.a = DataServiceClient.for_user(self.alice)
        self.b = self.a.as_user(self.bob)

    def tearDown(self):
        self.a.close()

    def test_upload_as_a_read_as_a_404_as_b(self):
        summary = self.a.upload(self.path, delimiter="comma", types={"day": "date"})
        dataset = summary["id"]
        self.assertEqual(summary["status"], "ready")
        self.assertEqual(summary["name"], "cities.csv")
        self.assertEqual(summary["rowCount"], 1000)

        self.assertIn(dataset, [d["id"] for d in self.a.datasets()])
        self.assertEqual([c["name"] for c in self.a.schema(dataset)["columns"]], ["id", "city", "amount", "day"])
        page = self.a.rows(dataset, page=2, page_size=10, columns=["id", "city"])
        self.assertEqual(page["count"], 1000)
        self.assertEqual(page["rows"][0], [11, row(10).split(b",")[1].decode()])
        filtered = self.a.rows(dataset, city="Lyon", id__lte=20, sort="-id")
        self.assertEqual([r[0] for r in filtered["rows"]], [16, 11, 6, 1])
        self.assertEqual(sum(1 for _ in self.a.iter_rows(dataset, batch=300)), 1000)
        self.assertEqual(self.a.stats(dataset)["rowCount"], 1000)
        grouped = self.a.query(dataset, groupBy=["city"], aggregates=[{"fn": "count"}])
        self.assertEqual(sorted(r[1] for r in grouped["rows"]), [200] * 5)
        self.assertEqual(self.a.facets(dataset, "city", limit=2)["distinct"], 5)
        exported = io.BytesIO()
        info = self.a.export(dataset, exported, format="csv", city="Lille")
        self.assertEqual(info["rowCount"], 200)
        self.assertEqual(exported.getvalue().count(b"\n"), 201)

        self.assertNotIn(dataset, [d["id"] for d in self.b.datasets()])
        for call in (self.b.dataset, self.b.schema, self.b.rows, self.b.stats, self.b.delete,
                     lambda i: self.b.query(i, limit=1), lambda i: self.b.export(i, io.BytesIO())):
            with self.assertRaises(DataServiceError) as refused:
                call(dataset)
            self.assertEqual(refused.exception.status, 404, refused.exception.problem)
            self.assertTrue(refused.exception.not_found)
            self.assertEqual(refused.exception.problem.get("status"), 404)
        self.assertEqual(self.a.dataset(dataset)["rowCount"], 1000)

        self.a.delete(dataset)
        with self.assertRaises(DataServiceError) as gone:
            self.a.dataset(dataset)
        self.assertEqual(gone.exception.status, 404)

    def test_problem_fields_become_the_exception(self):
        dataset = self.a.upload(io.BytesIO(b"a,b\n1,2\n"), name="tiny")["id"]
        with self.assertRaises(DataServiceError) as bad:
            self.a.rows(dataset, nope=1)
        self.assertEqual(bad.exception.status, 400)
        self.assertEqual(bad.exception.parameter, "nope")
        self.assertIn("nope", bad.exception.detail)
        self.assertIn("400 Invalid parameter", str(bad.exception))
        with self.assertRaises(DataServiceError) as strict:
            self.a.upload(b"a,b\n1,2\n3,4,5\n", name="broken", strict=True)
        self.assertEqual(strict.exception.status, 422)
        self.assertEqual((strict.exception.line, strict.exception.column), (3, 3), strict.exception.problem)
        self.assertIn("(line 3, column 3, byte 8)", str(strict.exception))

    def test_uploaded_file_streams_in_chunks(self):
        path = os.path.join(self.tmp.name, "big.csv")
        rows = write_csv_of_size(path, 3 * 1024 * 1024)
        ReadSizes.largest = 0
        with open(path, "rb") as raw:
            summary = self.a.upload(ReadSizes(raw, name="big.csv"), wait=False)
        self.assertLessEqual(ReadSizes.largest, 64 * 1024, "the file was read in one go")
        self.assertEqual(self.a.wait_until_ready(summary["id"], timeout=120, interval=0.2)["rowCount"], rows)

        uploaded = TemporaryUploadedFile("from-a-form.csv", "text/csv", 0, None)
        with open(path, "rb") as raw:
            for block in iter(lambda: raw.read(65536), b""):
                uploaded.write(block)
        uploaded.size = os.path.getsize(path)
        summary = self.a.upload(uploaded)
        uploaded.close()
        self.assertEqual(summary["name"], "from-a-form.csv")
        self.assertEqual(summary["rowCount"], rows)

    def test_iterable_body_is_sent_chunked(self):
        summary = self.a.upload(iter([b"x,y\n", b"1,2\n", b"3,4\n"]), name="chunked")
        self.assertEqual(summary["rowCount"], 2)

    def test_wrong_secret_is_401(self):
        with DataServiceClient("alice", secret="not-the-secret") as forged:
            with self.assertRaises(DataServiceError) as refused:
                forged.datasets()
        self.assertEqual(refused.exception.status, 401)
        self.assertIsNotNone(refused.exception.www_authenticate)

    def test_unreachable_service(self):
        with DataServiceClient("alice", base_url="http://127.0.0.1:9/data/", timeout=(2, 2)) as nowhere:
            with self.assertRaises(DataServiceUnavailable) as down:
                nowhere.health()
        self.assertIsNone(down.exception.status)


@needs_service
class BrowserTokenTest(TestCase):
    """Tokens minted by the Django view, used as a browser would: straight at the service."""

    def setUp(self):
        users = get_user_model().objects
        self.alice = users.create_user(unique("alice"))
        self.bob = users.create_user(unique("bob"))
        with DataServiceClient(self.alice) as client:
            self.dataset = client.upload(b"k,v\n1,one\n2,two\n", name="mine")["id"]

    def token(self, user, **params):
        self.client.force_login(user)
        response = self.client.get("/dataexplorer/token/", params)
        self.assertEqual(response.status_code, 200)
        return response.json()["token"]

    @staticmethod
    def get(path, token):
        return requests.get(service_url(path), headers={"Authorization": "Bearer " + token}, timeout=30)

    def test_token_from_the_view_is_accepted(self):
        token = self.token(self.alice)
        listed = self.get("api/datasets", token)
        self.assertEqual(listed.status_code, 200, listed.text)
        self.assertEqual([d["id"] for d in listed.json()["datasets"]], [self.dataset])
        page = self.get("api/datasets/%s/rows?shape=objects" % self.dataset, token)
        self.assertEqual(page.status_code, 200, page.text)
        self.assertEqual(page.json()["rows"], [{"k": 1, "v": "one"}, {"k": 2, "v": "two"}])
        upload = requests.post(service_url("api/datasets?name=by-browser"), data=b"a\n1\n",
                               headers={"Authorization": "Bearer " + token, "Content-Type": "text/csv"}, timeout=30)
        self.assertEqual(upload.status_code, 201, upload.text)
        with DataServiceClient(self.alice) as client:
            self.assertIn(upload.json()["id"], [d["id"] for d in client.datasets()])

    def test_another_users_token_gets_404(self):
        token = self.token(self.bob)
        self.assertEqual(self.get("api/datasets/%s/rows" % self.dataset, token).status_code, 404)
        self.assertEqual(self.get("api/datasets", token).json()["datasets"], [])

    def test_acting_user_header_is_ignored_without_the_service_secret(self):
        token = self.token(self.bob)
        response = requests.get(service_url("api/datasets/%s" % self.dataset), timeout=30,
                                headers={"Authorization": "Bearer " + token,
                                         "X-Data-User": tokens.conf.user_id(self.alice)})
        # README "Security": X-Data-User is honoured only with the service secret; with a JWT it is a 400.
        self.assertEqual(response.status_code, 400, response.text)

    def test_expired_token_is_401(self):
        token, _ = tokens.mint(tokens.conf.user_id(self.alice), ["read"], lifetime=60, now=time.time() - 3600)
        response = self.get("api/datasets/%s" % self.dataset, token)
        self.assertEqual(response.status_code, 401, response.text)
        self.assertIn("Bearer", response.headers.get("WWW-Authenticate", ""))
        self.assertEqual(response.headers["Content-Type"].split(";")[0], "application/problem+json")

    def test_forged_token_is_401(self):
        with override_settings(DATA_JWT_SECRET="another-secret-of-the-same-length-0123456789"):
            forged, _ = tokens.mint(tokens.conf.user_id(self.alice), ["read"])
        self.assertEqual(self.get("api/datasets/%s" % self.dataset, forged).status_code, 401)

    def test_read_scope_cannot_write(self):
        token = self.token(self.alice, scope="read")
        self.assertEqual(self.get("api/datasets/%s" % self.dataset, token).status_code, 200)
        deleted = requests.delete(service_url("api/datasets/%s" % self.dataset), timeout=30,
                                  headers={"Authorization": "Bearer " + token})
        self.assertEqual(deleted.status_code, 403, deleted.text)


RSA_KEY = os.environ.get("DATA_TEST_JWT_PRIVATE_KEY", "")
try:
    import jwt as pyjwt  # PyJWT (Debian: python3-jwt), with cryptography for RS256
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
except ImportError:
    pyjwt = None


@needs_service
@unittest.skipUnless(RSA_KEY, "DATA_TEST_JWT_PRIVATE_KEY is not set: the service has no RS256 key for this run")
@unittest.skipUnless(pyjwt, "RS256 needs PyJWT and cryptography (Debian: python3-jwt python3-cryptography)")
class Rs256TokenTest(TestCase):
    """With DATA_JWT_PRIVATE_KEY the view mints RS256 tokens, checked by the service with its public key."""

    def setUp(self):
        self.alice = get_user_model().objects.create_user(unique("alice"))
        with DataServiceClient(self.alice) as client:
            self.dataset = client.upload(b"k\n1\n", name="rs256")["id"]

    def test_rs256_token_from_the_view_is_accepted(self):
        self.client.force_login(self.alice)
        with override_settings(DATA_JWT_PRIVATE_KEY=RSA_KEY):
            token = self.client.get("/dataexplorer/token/").json()["token"]
        self.assertEqual(pyjwt.get_unverified_header(token)["alg"], "RS256")
        page = BrowserTokenTest.get("api/datasets/%s/rows" % self.dataset, token)
        self.assertEqual(page.status_code, 200, page.text)
        self.assertEqual(page.json()["rows"], [[1]])

    def test_rs256_token_of_another_key_is_401(self):
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        with override_settings(DATA_JWT_PRIVATE_KEY=other.decode("ascii")):
            token, _ = tokens.mint(tokens.conf.user_id(self.alice), ["read"])
        self.assertEqual(BrowserTokenTest.get("api/datasets/%s" % self.dataset, token).status_code, 401)
