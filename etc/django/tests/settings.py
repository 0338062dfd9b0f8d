"""A minimal Django project for the integration's tests. The service comes from the environment:
DATA_SERVICE_URL, DATA_SERVICE_SECRET, DATA_JWT_SECRET (DjangoIntegrationIT starts one and sets them)."""

import os
import secrets

SECRET_KEY = "tests-only-" + secrets.token_hex(16)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "dataexplorer_client",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.urls"
STATIC_URL = "/static/"  # LiveServerTestCase serves static files under it
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}}}

# Django refuses to read a request body larger than this into memory (request.body): the proxy view must
# stream uploads that are much larger.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

DATA_SERVICE_URL = os.environ.get("DATA_SERVICE_URL", "")
DATA_SERVICE_SECRET = os.environ.get("DATA_SERVICE_SECRET", "")
DATA_JWT_SECRET = os.environ.get("DATA_JWT_SECRET", "")
DATA_JWT_LIFETIME = 120
DATA_SERVICE_TIMEOUT = (5, 120)

# Users are known to the service as "<run>-<username>": test databases restart their primary keys at 1,
# the service's storage outlives one run.
RUN = secrets.token_hex(4)
DATA_USER_ID = "tests.settings.user_id"


def user_id(user):
    return "%s-%s" % (RUN, user.get_username())
