"""Delivery that survives failure (issue 4 "Done when"; R-P-3, R-S-2): applications reach the
agency however often the worker dies mid-delivery or the agency is away, each exactly once as a
case, and a burst of identical requests over real HTTP makes one application.

These tests run the portal's real worker (`manage.py db_worker`) as a process of its own against
the test's database (tests/support_processes.py: a file copy of SQLite's in-memory test database,
or PostgreSQL's test database as it is), the demo agencies as a real server on loopback, and the
portal behind a real HTTP server; nothing is stubbed."""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db.models import Sum
from django.test import Client

from panjara.applications.models import Application, ApplicationEvent
from panjara.applications.services import application_start, application_submit
from panjara.catalog.models import Service
from panjara.exchange.models import OutboxMessage
from panjara.exchange.outbox import outbox_sweep
from panjara.identity.models import User
from panjara.identity.testing import citizen_create, sign_in
from panjara.inbox.models import InboxMessage
from panjara.notifications.models import Notification

from .support_processes import WorkerProcess, shared_database, wait_until

SERVICE = "nbe.debtor-certificate"  # one field, the personal number, filled in from psda.person
AGENCY = "nbe"
# The worker's outbox timings, short so that a lost attempt comes back within a second or two
# (production: a 60 s lease, retries from 10 s); the breaker's cooldown likewise.
WORKER_ENVIRONMENT = {
    "PANJARA_OUTBOX_LEASE": "1.5",
    "PANJARA_OUTBOX_FIRST_RETRY": "0.3",
    "PANJARA_OUTBOX_MAX_RETRY": "1",
    "PANJARA_EXCHANGE_BREAKER_COOLDOWN": "0.5",
}


@dataclass
class World:
    citizen: User
    service: Service
    behaviours: dict
    cases: dict  # the agency's case register, by the portal's application id
    database_url: str


@pytest.fixture
def world(transactional_db, catalog, tmp_path, agencies_config, agencies_server):
    """A database other processes can open, with every demo agency registered (the `agencies`
    fixture, which also resets their knobs afterwards), the catalog synced from them and one
    signed-up citizen. Requests get a longer timeout than the fixture's: the tests slow the agency
    down on purpose, and a timeout would only add repeats."""
    from panjara.exchange.models import Agency

    Agency.objects.update(timeout_ms=3000)
    with shared_database(tmp_path) as url:
        yield World(
            citizen=citizen_create(),
            service=Service.objects.get(code=SERVICE),
            behaviours=agencies_config.behaviours,
            cases=agencies_server.app.state.cases[AGENCY].cases,
            database_url=url,
        )


@pytest.fixture
def workers(world, tmp_path):
    """Start worker processes; every one still running is stopped when the test ends."""
    started: list[WorkerProcess] = []

    def start() -> WorkerProcess:
        worker = WorkerProcess(
            database_url=world.database_url, log=tmp_path / "worker.log", environment=WORKER_ENVIRONMENT
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _submitted(world: World, number: int) -> Application:
    draft = application_start(
        user=world.citizen, service=world.service, idempotency_key=f"reliability-{number}"
    )
    return application_submit(application=draft, values=dict(draft.values), session_assurance="substantial")


def _attempts() -> int:
    return OutboxMessage.objects.aggregate(total=Sum("attempts"))["total"] or 0


def _all_delivered() -> bool:
    return not OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists()


def _delivered_once_each(world: World, applications: list[Application]) -> None:
    """What the person and the agency see: every application delivered with its case number,
    one case per application at the agency, one delivery recorded per application."""
    for application in applications:
        application.refresh_from_db()
        case = world.cases[str(application.pk)]
        assert application.status == Application.Status.DELIVERED
        assert application.agency_case == case.number
        assert case.reference == application.reference
        assert application.events.filter(kind=ApplicationEvent.Kind.DELIVERED).count() == 1
    rows = OutboxMessage.objects.filter(reference__in=[f"application:{a.pk}" for a in applications])
    assert rows.count() == len(applications)
    assert set(rows.values_list("status", flat=True)) == {OutboxMessage.Status.DELIVERED}
    numbers = {world.cases[str(a.pk)].number for a in applications}
    assert len(numbers) == len(applications)


APPLICATIONS = 30
LATENCY_MS = 300
KILLS = 6


def test_a_worker_killed_again_and_again_mid_delivery_loses_no_application_and_duplicates_none(
    world, workers
):
    """R-P-3, R-S-2: SIGKILL at random moments while the agency takes its time to answer; the lease
    and the sweep bring every application home, and the agency opens one case for each."""
    applications = [_submitted(world, number) for number in range(APPLICATIONS)]
    cases_before = len(world.cases)
    world.behaviours[AGENCY].latency_ms = LATENCY_MS
    rng = random.Random(2026)
    started = time.monotonic()
    kills = cut = 0
    for _round in range(KILLS):
        attempts_before = dict(OutboxMessage.objects.values_list("pk", "attempts"))
        worker = workers()
        # Wait for this worker to take 1–4 messages, then kill it while the agency is still
        # sleeping on the last one (well inside its 300 ms).
        target = sum(attempts_before.values()) + rng.randint(1, 4)
        assert wait_until(lambda t=target: _attempts() >= t or _all_delivered(), seconds=30), worker.tail()
        if _all_delivered():
            break
        time.sleep(rng.uniform(0, 0.5 * LATENCY_MS / 1000))
        worker.kill()
        kills += 1
        # An attempt this worker began and neither finished nor failed was cut by the kill; its
        # row stays pending under the dead worker's lease.
        cut += sum(
            attempts > attempts_before[pk]
            for pk, attempts in OutboxMessage.objects.filter(
                status=OutboxMessage.Status.PENDING, last_error=""
            ).values_list("pk", "attempts")
        )
        outbox_sweep()  # the periodic job (every minute in production) re-queues what is due
    assert kills == KILLS, "everything was delivered before the worker could be killed enough times"

    # Two workers for the rest: they race for the same rows, and the lease lets one win each.
    final = [workers(), workers()]

    def home() -> bool:
        outbox_sweep()
        return _all_delivered()

    assert wait_until(home, seconds=60, every=0.3), final[0].tail()
    elapsed = time.monotonic() - started

    _delivered_once_each(world, applications)
    assert len(world.cases) - cases_before == APPLICATIONS  # no case more than the applications
    attempts = _attempts()
    assert cut >= 1 and attempts >= APPLICATIONS + cut  # every cut attempt was made again
    redelivered = sum(world.cases[str(a.pk)].deliveries for a in applications) - APPLICATIONS
    print(
        f"\n{APPLICATIONS} applications, {kills} kills ({cut} mid-attempt), {attempts} attempts, "
        f"{redelivered} repeats absorbed by the agency, 0 lost, 0 duplicated, {elapsed:.1f} s"
    )


def test_an_agency_that_is_down_for_a_while_gets_every_application_once_when_it_returns(world, workers):
    """R-P-3, R-S-2: while the agency answers every request with 503, applications stay "sent" and the
    worker keeps trying with backoff; once it answers again, each arrives exactly once, with no
    sweep needed: the worker's own scheduled retries bring them."""
    person = Client()
    sign_in(person, world.citizen)
    person.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    world.behaviours[AGENCY].error_rate = 1.0
    applications = [_submitted(world, number) for number in range(10)]
    worker = workers()

    def retried() -> bool:
        return not OutboxMessage.objects.filter(attempts__lt=3).exists()

    assert wait_until(retried, seconds=30), worker.tail()

    rows = list(OutboxMessage.objects.all())
    assert {row.status for row in rows} == {OutboxMessage.Status.PENDING}
    assert all(row.last_error for row in rows)
    assert set(Application.objects.values_list("status", flat=True)) == {Application.Status.SUBMITTED}
    assert not any(str(a.pk) in world.cases for a in applications)
    page = person.get(f"/applications/{applications[0].pk}/").content.decode()
    assert applications[0].reference in page and "sent, waiting for the agency" in page

    world.behaviours[AGENCY].error_rate = 0.0
    assert wait_until(_all_delivered, seconds=30, every=0.1), worker.tail()
    _delivered_once_each(world, applications)
    assert {world.cases[str(a.pk)].deliveries for a in applications} == {1}
    page = person.get(f"/applications/{applications[0].pk}/").content.decode()
    assert "delivered to the agency" in page
    assert world.cases[str(applications[0].pk)].number in page


class _Browser:
    """One signed-in person's cookies, sending a request from many threads at the same moment."""

    def __init__(self, port: int, cookies: dict[str, str]) -> None:
        self.port = port
        self.cookies = cookies

    def _headers(self, **extra: str) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()), **extra}

    def get(self, path: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers=self._headers())
            response = connection.getresponse()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _eq, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.read().decode()
        finally:
            connection.close()

    def post_at_once(self, path: str, form: dict[str, str], *, times: int) -> list[tuple[int, str]]:
        """`times` identical POSTs, each on its own connection, all released together."""
        body = urlencode(form)
        headers = self._headers(**{"Content-Type": "application/x-www-form-urlencoded"})
        barrier = threading.Barrier(times)
        results: list = []

        def send() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                connection.connect()  # connected first, so the server has every request in hand
                barrier.wait(timeout=30)
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                results.append((response.status, response.getheader("Location", "")))
            except Exception as error:  # reported by the assertion below, with the others
                results.append((0, repr(error)))
            finally:
                connection.close()

        threads = [threading.Thread(target=send) for _i in range(times)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
        return results


def test_twenty_identical_requests_at_once_over_http_make_one_draft_and_one_application(world):
    """R-S-2 (idempotent submission): 20 "apply" clicks with one key, then 20 "send" clicks of
    the draft, all at the same moment from one signed-in session, to a live threaded server:
    one draft, one sent application, one outbox row, one receipt."""
    from pytest_django.live_server_helper import LiveServer

    # pytest-django's live server class, started here rather than through its session-wide
    # fixture: on SQLite that fixture gives all its threads the one in-memory connection, which
    # would run 20 requests' transactions on a single connection; here each request thread opens
    # its own connection to the shared database, as separate workers would.
    server = LiveServer("127.0.0.1")
    try:
        session = Client()
        sign_in(session, world.citizen)
        browser = _Browser(
            server.thread.port,
            {settings.SESSION_COOKIE_NAME: session.cookies[settings.SESSION_COOKIE_NAME].value},
        )
        status, page = browser.get(f"/services/{SERVICE}/")
        assert status == 200
        key = re.search(r'name="key" value="([0-9a-f]+)"', page).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

        starts = browser.post_at_once(
            f"/applications/new/{SERVICE}/", {"csrfmiddlewaretoken": token, "key": key}, times=20
        )
        assert Application.objects.count() == 1
        application = Application.objects.get()
        detail = f"/applications/{application.pk}/"
        assert starts == [(302, detail)] * 20

        sends = browser.post_at_once(detail, {"csrfmiddlewaretoken": token, "action": "submit"}, times=20)
        assert sends == [(302, detail)] * 20
        application.refresh_from_db()
        assert application.status == Application.Status.SUBMITTED
        assert Application.objects.count() == 1
        assert OutboxMessage.objects.filter(reference=f"application:{application.pk}").count() == 1
        assert OutboxMessage.objects.count() == 1
        assert application.events.filter(kind=ApplicationEvent.Kind.SUBMITTED).count() == 1
        assert InboxMessage.objects.filter(kind="application").count() == 1
        assert Notification.objects.filter(template="applications.receipt", channel="sms").count() == 1
        status, receipt = browser.get(detail)
        assert status == 200 and application.reference in receipt
    finally:
        server.stop()
