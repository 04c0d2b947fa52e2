import pytest


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser("dea-admin@example.ge", "correct horse battery")


@pytest.fixture
def first_terms(administrator):
    from panjara.consent.services import terms_publish

    return terms_publish(
        text_ka="## პირველი\nძველი ტექსტი.",
        text_en="## First\nOld text.",
        summary_ka="პირველი ვერსია.",
        summary_en="The first version.",
        published_by=administrator,
    )


@pytest.fixture
def signed_in(first_terms, citizen_client):
    """The citizen, signed in, having accepted version 1 (the fixture order makes sure of it)."""
    return citizen_client


@pytest.fixture
def second_terms(administrator, signed_in):
    """Version 2, published after the citizen accepted version 1: their state is now pending."""
    from panjara.consent.services import terms_publish

    return terms_publish(
        text_ka="## მეორე\nახალი ტექსტი.",
        text_en="## Second\nNew text.",
        summary_ka="დაემატა სერვისის საკუთარი პირობები.",
        summary_en="Services may now have their own extra terms.",
        published_by=administrator,
    )
