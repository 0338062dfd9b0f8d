"""Short-lived browser tokens (JWT) for the data service.

HS256 is made with the standard library only (``hmac``, ``hashlib``, ``base64``, ``json``): the shared
secret is the service's ``DATA_JWT_SECRET``. RS256 (the service holds only the public key,
``DATA_JWT_PUBLIC_KEY``) needs a private key and PyJWT with ``cryptography`` (Debian: ``python3-jwt``,
``python3-cryptography``); it is used when ``DATA_JWT_PRIVATE_KEY`` is set.

Claims: ``sub`` (the user id), ``iat``, ``exp`` (``iat`` + lifetime), ``scope`` (space separated, e.g.
``"read write"``), a random ``jti``, plus ``DATA_JWT_EXTRA_CLAIMS``.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time

from django.core.exceptions import ImproperlyConfigured

from . import conf

VALID_SCOPES = ("read", "write", "admin")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _json(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=True).encode("utf-8")


def claims_for(sub, scopes=None, lifetime=None, now=None, extra=None):
    """The claims of a token for ``sub``; ``now`` (epoch seconds) is for tests."""
    sub = str(sub)
    if not sub:
        raise ValueError("a token needs a subject (user id)")
    issued = int(time.time() if now is None else now)
    claims = dict(conf.jwt_extra_claims())
    claims.update(extra or {})
    claims.update({
        "sub": sub,
        "iat": issued,
        "exp": issued + int(conf.jwt_lifetime() if lifetime is None else lifetime),
        "jti": secrets.token_urlsafe(12),
    })
    if scopes is not None:
        scopes = [s for s in (scopes.split() if isinstance(scopes, str) else scopes)]
        unknown = [s for s in scopes if s not in VALID_SCOPES]
        if unknown:
            raise ValueError("unknown scope(s) %s: the service knows %s" % (unknown, " ".join(VALID_SCOPES)))
        claims["scope"] = " ".join(scopes)
    return claims


def encode_hs256(claims, secret):
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    if not secret:
        raise ImproperlyConfigured("DATA_JWT_SECRET is empty")
    signing_input = b64url(_json({"alg": "HS256", "typ": "JWT"})) + "." + b64url(_json(claims))
    signature = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


def encode_rs256(claims, private_key_pem):
    try:
        import jwt  # PyJWT
    except ImportError as missing:
        raise ImproperlyConfigured("DATA_JWT_PRIVATE_KEY needs PyJWT and cryptography "
                                   "(Debian: python3-jwt python3-cryptography)") from missing
    token = jwt.encode(claims, private_key_pem, algorithm="RS256", headers={"typ": "JWT"})
    return token.decode("ascii") if isinstance(token, bytes) else token


def mint(sub, scopes=None, lifetime=None, now=None, extra=None):
    """A signed token for ``sub`` with the configured key: RS256 if ``DATA_JWT_PRIVATE_KEY`` is set,
    else HS256 with ``DATA_JWT_SECRET``. Returns ``(token, claims)``."""
    claims = claims_for(sub, scopes, lifetime, now, extra)
    private_key = conf.jwt_private_key()
    if private_key:
        return encode_rs256(claims, private_key), claims
    secret = conf.jwt_secret()
    if not secret:
        raise ImproperlyConfigured("set DATA_JWT_SECRET (HS256) or DATA_JWT_PRIVATE_KEY (RS256) to mint browser tokens")
    return encode_hs256(claims, secret), claims


def token_for_user(user, lifetime=None, scopes=None):
    """``(token, claims)`` for a Django user: ``DATA_USER_ID`` gives ``sub``, ``DATA_USER_SCOPES`` the scopes
    (``scopes`` narrows them: a user never gets a scope the setting does not grant)."""
    granted = conf.user_scopes(user)
    if scopes is not None:
        wanted = scopes.split() if isinstance(scopes, str) else list(scopes)
        granted = tuple(s for s in granted if s in wanted)
    return mint(conf.user_id(user), granted, lifetime)


def decode_hs256(token, secret, now=None, leeway=0):
    """Checks an HS256 token and returns its claims (``ValueError`` otherwise). For tests and debugging:
    the service does its own verification."""
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
    except ValueError:
        raise ValueError("not a JWS compact token") from None

    def unb64(part):
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))

    header = json.loads(unb64(header_b64))
    if header.get("alg") != "HS256":
        raise ValueError("algorithm %r is not HS256" % header.get("alg"))
    expected = hmac.new(secret, (header_b64 + "." + payload_b64).encode("ascii"), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, unb64(signature_b64)):
        raise ValueError("bad signature")
    claims = json.loads(unb64(payload_b64))
    if int(claims["exp"]) + leeway <= int(time.time() if now is None else now):
        raise ValueError("expired")
    return claims
