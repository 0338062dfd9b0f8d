import itertools
import os
import unittest

from django.conf import settings

SERVICE = bool(os.environ.get("DATA_SERVICE_URL"))
needs_service = unittest.skipUnless(SERVICE, "DATA_SERVICE_URL is not set: no data service to test against")

HEADER = b"id,city,amount,day\n"
CITIES = (b"Lyon", b"Nantes", b"Lille", b"Paris", b"Brest")


def row(i):
    """Row i (0-based) of the generated files: a pure function of i."""
    return b"%d,%s,%d.%02d,2024-%02d-%02d\n" % (i + 1, CITIES[i % 5], (i * 7919) % 10000, i % 100, i % 12 + 1,
                                                  i % 28 + 1)


def write_csv(path, rows):
    with open(path, "wb") as out:
        out.write(HEADER)
        for i in range(rows):
            out.write(row(i))
    return os.path.getsize(path)


def write_csv_of_size(path, min_bytes):
    """At least ``min_bytes`` of rows; returns the row count."""
    rows = 0
    written = len(HEADER)
    with open(path, "wb") as out:
        out.write(HEADER)
        block = []
        while written < min_bytes:
            line = row(rows)
            block.append(line)
            written += len(line)
            rows += 1
            if len(block) == 10000:
                out.write(b"".join(block))
                block = []
        out.write(b"".join(block))
    return rows


def service_url(path=""):
    return settings.DATA_SERVICE_URL.rstrip("/") + "/" + path


_serial = itertools.count(1)


def unique(name):
    """A username no other test of this run uses: the service keeps its datasets for the whole run."""
    return "%s%d" % (name, next(_serial))
