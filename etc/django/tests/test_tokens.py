"""The token view and the HS256 minting, without the service."""

import base64
import json
import time

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.test import TestCase, override_settings

from dataexplorer_client import tokens

SECRET = "unit-test-secret-0123456789abcdef0123456789"


def segments(token):
    return [json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4))) for p in token.split(".")[:2]]


@override_settings(DATA_JWT_SECRET=SECRET, DATA_JWT_LIFETIME=90)
class TokenViewTest(TestCase):

    def setUp(self):
        self.alice = get_user_model().objects.create_user("alice", password="pw")

    def test_anonymous_gets_401_problem(self):
        response = self.client.get("/dataexplorer/token/")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        self.assertEqual(response.json()["status"], 401)

    def test_logged_in_user_gets_a_short_lived_hs256_token(self):
        self.client.force_login(self.alice)
        before = int(time.time())
        response = self.client.get("/dataexplorer/token/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "no-store")
        body = response.json()
        header, claims = segments(body["token"])
        self.assertEqual(header, {"alg": "HS256", "typ": "JWT"})
        self.assertEqual(claims["sub"], body["user"])
        self.assertTrue(claims["sub"].endswith("-alice"), claims)
        self.assertEqual(claims["scope"], "read write")
        self.assertEqual(body["expiresIn"], 90)
        self.assertGreaterEqual(claims["iat"], before)
        self.assertEqual(claims["exp"], claims["iat"] + 90)
        self.assertEqual(tokens.decode_hs256(body["token"], SECRET)["sub"], claims["sub"])
        with self.assertRaisesRegex(ValueError, "signature"):
            tokens.decode_hs256(body["token"], SECRET + "x")

    def test_scope_narrows_never_widens(self):
        self.client.force_login(self.alice)
        narrowed = self.client.get("/dataexplorer/token/", {"scope": "read"}).json()
        self.assertEqual(narrowed["scope"], "read")
        widened = self.client.get("/dataexplorer/token/", {"scope": "read admin"}).json()
        self.assertEqual(widened["scope"], "read")

    def test_superuser_gets_admin(self):
        root = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
        self.client.force_login(root)
        self.assertEqual(self.client.get("/dataexplorer/token/").json()["scope"], "read write admin")

    def test_post_needs_csrf(self):
        from django.test import Client
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        self.assertEqual(client.post("/dataexplorer/token/").status_code, 403)

    def test_other_methods_refused(self):
        self.client.force_login(self.alice)
        self.assertEqual(self.client.delete("/dataexplorer/token/").status_code, 405)


class MintTest(TestCase):

    @override_settings(DATA_JWT_SECRET=SECRET)
    def test_expiry_and_unknown_scopes(self):
        token, claims = tokens.mint("u1", ["read"], lifetime=60, now=1_000_000)
        self.assertEqual(claims["exp"], 1_000_060)
        with self.assertRaisesRegex(ValueError, "expired"):
            tokens.decode_hs256(token, SECRET)
        self.assertEqual(tokens.decode_hs256(token, SECRET, now=1_000_059)["scope"], "read")
        with self.assertRaises(ValueError):
            tokens.mint("u1", ["sudo"])

    @override_settings(DATA_JWT_SECRET="", DATA_JWT_PRIVATE_KEY=None)
    def test_no_key_is_a_configuration_error(self):
        with self.assertRaises(ImproperlyConfigured):
            tokens.mint("u1")
