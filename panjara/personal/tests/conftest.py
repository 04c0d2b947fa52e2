"""Fixtures of the personal page's tests: pages fetched and read as a person reads them."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
import tinyhtml5
from django.conf import settings


def text_of(element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


@dataclass
class Page:
    status: int
    seconds: float
    html: str
    cards: dict[str, str]  # service code → the card's text, as a person reads it
    h1: list[str]
    tree: object

    def times(self, code: str) -> list[str]:
        """The machine-readable datetime of every <time> in a card."""
        card = self.tree.find(f".//section[@id='card-{code.replace('.', '-')}']")
        return [t.get("datetime") for t in card.iter("time")]


def read(response, seconds: float = 0.0) -> Page:
    html = response.content.decode()
    tree = tinyhtml5.parse(html, namespace_html_elements=False)
    cards = {}
    for section in tree.iter("section"):
        if "data-card" in (section.get("class") or "").split():
            cards[section.get("id").removeprefix("card-")] = text_of(section)
    # Anchors replace the dot of a code with a hyphen; service codes have exactly one dot.
    cards = {re.sub(r"^([a-z0-9]+)-", r"\1.", anchor): text for anchor, text in cards.items()}
    return Page(
        status=response.status_code,
        seconds=seconds,
        html=html,
        cards=cards,
        h1=[text_of(h) for h in tree.iter("h1")],
        tree=tree,
    )


def fetch(client, path: str = "/me/") -> Page:
    started = time.perf_counter()
    response = client.get(path)
    return read(response, time.perf_counter() - started)


@pytest.fixture
def english(citizen_client):
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return citizen_client
