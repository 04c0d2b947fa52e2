"""`call_agencies` reports each outcome as soon as it is known (`on_outcome`): the personal page
renders a card while slower agencies still work (docs/adr/0009-pages-in-parts.md)."""

from __future__ import annotations

import asyncio
import time

from panjara.exchange.client import Request, call_agencies
from panjara.exchange.keys import portal_signing_key
from panjara.exchange.selectors import exchange_limits, exchange_targets
from panjara_protocol import Party

GIORGI = Party(kind="person", id="01024085001")


def test_each_outcome_is_reported_when_it_comes_not_when_the_slowest_agency_answers(agencies):
    agencies["psda"].latency_ms = 300
    requests = [
        Request(agency=code, kind="query", service=service, purpose="personal-page", subject=GIORGI)
        for code, service in (("psda", "psda.person"), ("mia", "mia.vehicles"), ("nbe", "nbe.debtor"))
    ]
    targets = exchange_targets(codes={"psda", "mia", "nbe"})
    reported: list[tuple[str, float]] = []

    async def ask():
        outcomes = await call_agencies(
            requests,
            targets=targets,
            key=portal_signing_key(),
            limits=exchange_limits(),
            on_outcome=lambda outcome: reported.append((outcome.request.service, time.perf_counter())),
        )
        return outcomes, time.perf_counter()

    outcomes, finished = asyncio.run(ask())
    assert [outcome.ok for outcome in outcomes] == [True, True, True]
    assert sorted(service for service, _moment in reported) == ["mia.vehicles", "nbe.debtor", "psda.person"]
    assert reported[-1][0] == "psda.person"  # the slow one comes last…
    psda_moment = reported[-1][1]
    quick = [moment for service, moment in reported if service != "psda.person"]
    # …and the others were reported while psda still worked, not when gather() returned.
    assert all(moment < psda_moment for moment in quick)
    assert finished >= psda_moment
