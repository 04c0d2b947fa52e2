"""A person's own favourites menu (R-PP-3): added from a service's page, reordered with up and down
buttons and removed, all as plain forms; kept across visits; and only ever the person's own."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from panjara.catalog.models import Favourite
from panjara.catalog.selectors import favourite_services
from panjara.catalog.services import favourite_add, favourite_move, favourite_remove
from panjara.identity.testing import sign_in

FAVOURITES = reverse("catalog:favourites")


def _codes(user) -> list[str]:
    return [service.code for service in favourite_services(user=user)]


def _listed(client) -> list[str]:
    """The services on the favourites page, in the order the person sees them."""
    html = client.get(FAVOURITES).content.decode()
    return re.findall(r'<li class="favourite-list__item" id="favourite-([^"]+)">', html)


def _post(client, name: str, **data):
    return client.post(reverse(f"catalog:{name}"), data)


def test_a_service_is_added_from_its_page_and_stays_there(catalog, citizen_client, citizen):
    page = reverse("catalog:service", args=["psda.family"])
    response = _post(citizen_client, "favourite_add", service="psda.family", next=page)
    assert response.status_code == 302 and response["Location"] == page
    citizen_client.cookies["panjara_language"] = "en"
    html = citizen_client.get(page).content.decode()
    assert "This service is in your favourites." in html and "Remove from favourites" in html
    assert _codes(citizen) == ["psda.family"]
    assert _listed(citizen_client) == ["psda.family"]
    # Adding it again changes nothing.
    _post(citizen_client, "favourite_add", service="psda.family", next=page)
    assert Favourite.objects.filter(user=citizen).count() == 1


def test_favourites_are_reordered_with_up_and_down_and_the_order_persists(catalog, citizen_client, citizen):
    for code in ("psda.person", "psda.family", "mia.fines"):
        _post(citizen_client, "favourite_add", service=code)
    assert _listed(citizen_client) == ["psda.person", "psda.family", "mia.fines"]

    response = _post(citizen_client, "favourite_move", service="mia.fines", direction="up")
    assert response["Location"] == f"{FAVOURITES}#favourite-mia.fines"
    assert _listed(citizen_client) == ["psda.person", "mia.fines", "psda.family"]

    _post(citizen_client, "favourite_move", service="psda.person", direction="down")
    assert _listed(citizen_client) == ["mia.fines", "psda.person", "psda.family"]

    # Already at the top: nothing moves, and the page offers no "Move up" for the first one.
    response = _post(citizen_client, "favourite_move", service="mia.fines", direction="up")
    assert response["Location"] == FAVOURITES
    assert _codes(citizen) == ["mia.fines", "psda.person", "psda.family"]
    html = citizen_client.get(FAVOURITES).content.decode()
    first = html.split('id="favourite-mia.fines"')[1].split("</li>")[0]
    assert 'value="up"' not in first and 'value="down"' in first


def test_a_favourite_is_removed_from_the_favourites_page(catalog, citizen_client, citizen):
    for code in ("psda.person", "psda.family"):
        _post(citizen_client, "favourite_add", service=code)
    response = _post(citizen_client, "favourite_remove", service="psda.person", next=FAVOURITES)
    assert response["Location"] == FAVOURITES
    assert _listed(citizen_client) == ["psda.family"]
    _post(citizen_client, "favourite_remove", service="psda.family", next=FAVOURITES)
    citizen_client.cookies["panjara_language"] = "en"
    assert "You have no favourite services yet." in citizen_client.get(FAVOURITES).content.decode()


def test_person_b_cannot_reorder_or_remove_person_as_favourites(catalog, citizen, other_citizen, client):
    """Favourites are named by service code and scoped to the signed-in account: whatever B
    posts, it acts on B's own list."""
    for code in ("psda.person", "psda.family"):
        favourite_add(user=citizen, service_code=code)
    sign_in(client, other_citizen)
    _post(client, "favourite_remove", service="psda.person")
    _post(client, "favourite_move", service="psda.family", direction="up")
    _post(client, "favourite_add", service="mia.fines")
    assert _codes(citizen) == ["psda.person", "psda.family"]
    assert _codes(other_citizen) == ["mia.fines"]
    assert _listed(client) == ["mia.fines"]


def test_the_services_act_only_on_the_given_account(catalog, citizen, other_citizen):
    favourite_add(user=citizen, service_code="psda.person")
    favourite_add(user=citizen, service_code="psda.family")
    favourite_add(user=other_citizen, service_code="psda.family")
    assert favourite_remove(user=other_citizen, service_code="psda.person") is False
    assert favourite_move(user=other_citizen, service_code="psda.family", direction="up") is False
    assert favourite_move(user=citizen, service_code="psda.family", direction="up") is True
    assert _codes(citizen) == ["psda.family", "psda.person"]
    assert _codes(other_citizen) == ["psda.family"]
    with pytest.raises(ValueError):
        favourite_move(user=citizen, service_code="psda.family", direction="sideways")


def test_an_unknown_service_cannot_be_added(catalog, citizen_client, citizen):
    assert _post(citizen_client, "favourite_add", service="nobody.nothing").status_code == 404
    assert _post(citizen_client, "favourite_move", service="psda.family", direction="left").status_code == 404
    assert not Favourite.objects.filter(user=citizen).exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_kept(catalog, client):
    response = client.get(FAVOURITES)
    assert response.status_code == 302 and response["Location"].startswith(reverse("identity:signin"))
    response = _post(client, "favourite_add", service="psda.family")
    assert response.status_code == 302 and response["Location"].startswith(reverse("identity:signin"))
    assert not Favourite.objects.exists()


def test_changes_need_a_post_and_never_redirect_off_the_portal(catalog, citizen_client):
    assert citizen_client.get(reverse("catalog:favourite_add"), {"service": "psda.family"}).status_code == 405
    response = _post(citizen_client, "favourite_add", service="psda.family", next="https://evil.example/")
    assert response["Location"] == reverse("catalog:service", args=["psda.family"])


def test_the_include_lists_favourites_for_the_personal_page(catalog, citizen):
    favourite_add(user=citizen, service_code="mia.fines")
    favourite_add(user=citizen, service_code="psda.family")
    html = render_to_string(
        "catalog/includes/favourites.html", {"favourites": favourite_services(user=citizen)}
    )
    links = re.findall(r'href="([^"]+)"', html)
    assert links[:2] == [
        reverse("catalog:service", args=["mia.fines"]),
        reverse("catalog:service", args=["psda.family"]),
    ]
    assert FAVOURITES in links
    empty = render_to_string("catalog/includes/favourites.html", {"favourites": []})
    assert reverse("catalog:list") in empty
