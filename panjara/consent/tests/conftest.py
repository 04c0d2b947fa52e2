import pytest


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser("dea-admin@example.ge", "correct horse battery")
