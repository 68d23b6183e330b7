"""Running service calls truly side by side, for the PostgreSQL race tests."""

import threading

import pytest
from django.db import connection, connections

from posts.services import PostError

# SQLite lets one writer in at a time, so there is no race to lose there.
POSTGRES_RACE = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers; run with DATABASE_URL pointing at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


def together(calls, refused=PostError):
    """Run the calls in threads released at the same instant; returns (results, refusals,
    failures): a refusal is an exception of the `refused` kind (its text), anything else a failure."""
    barrier = threading.Barrier(len(calls))
    results, refusals, failures = [], [], []

    def run(call):
        try:
            # Connect before the barrier so that the transactions really start together.
            connections["default"].ensure_connection()
            barrier.wait(timeout=30)
            results.append(call())
        except refused as error:
            refusals.append(str(error))
        except Exception as error:  # noqa: BLE001 - reported by the callers' assertions
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, refusals, failures
