#!/usr/bin/python3
"""Runs the integration's tests: ``/usr/bin/python3 runtests.py [-v 2] [test labels]``.

Needs a running data service in ``token`` mode: ``DATA_SERVICE_URL`` (e.g. http://127.0.0.1:8002/data/),
``DATA_SERVICE_SECRET`` and ``DATA_JWT_SECRET`` in the environment (``mvn verify`` runs them through
``DjangoIntegrationIT``, which starts the service). Without ``DATA_SERVICE_URL`` only the tests that need no
service run (the others are skipped).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv):
    sys.path.insert(0, HERE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django
    from django.conf import settings
    from django.test.utils import get_runner

    django.setup()
    verbosity = 1
    labels = []
    args = iter(argv)
    for arg in args:
        if arg in ("-v", "--verbosity"):
            verbosity = int(next(args))
        else:
            labels.append(arg)
    runner = get_runner(settings)(verbosity=verbosity, interactive=False, failfast=False)
    failures = runner.run_tests(labels or ["tests"])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
