import pytest
from django.urls import reverse

from panjara.audit.models import AuditEvent
from panjara.consent.models import TermsVersion
from panjara.consent.services import terms_publish
from panjara.identity.testing import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, administrator):
    sign_in(client, administrator)
    return client


def test_the_administrator_creates_a_draft_and_publishes_it(admin_client, administrator):
    response = admin_client.post(
        reverse("admin:consent_termsversion_add"),
        {"text_ka": "პირობები", "text_en": "Terms", "summary_ka": "პირველი", "summary_en": "First"},
    )
    assert response.status_code == 302
    draft = TermsVersion.objects.get()
    assert draft.version is None
    response = admin_client.post(
        reverse("admin:consent_termsversion_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.version == 1
    assert AuditEvent.objects.filter(action="terms.published", actor_id=str(administrator.pk)).exists()
    assert "გამოქვეყნდა" in response.content.decode()


def test_publishing_needs_exactly_one_draft(admin_client, administrator):
    published = terms_publish(
        text_ka="ა", text_en="a", summary_ka="", summary_en="", published_by=administrator
    )
    response = admin_client.post(
        reverse("admin:consent_termsversion_changelist"),
        {"action": "publish", "_selected_action": [published.pk]},
        follow=True,
    )
    assert "მონიშნეთ ზუსტად ერთი პროექტი" in response.content.decode()
    assert TermsVersion.objects.get().version == 1


def test_a_published_version_is_read_only(admin_client, administrator):
    published = terms_publish(
        text_ka="ა", text_en="a", summary_ka="", summary_en="", published_by=administrator
    )
    url = reverse("admin:consent_termsversion_change", args=[published.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="text_en"' not in page.content.decode()
    admin_client.post(url, {"text_ka": "შეცვლილი", "text_en": "changed", "summary_ka": "", "summary_en": ""})
    published.refresh_from_db()
    assert published.text_en == "a"
    delete = admin_client.post(
        reverse("admin:consent_termsversion_delete", args=[published.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert TermsVersion.objects.filter(pk=published.pk).exists()
    actions = admin_client.get(reverse("admin:consent_termsversion_changelist")).content.decode()
    assert "delete_selected" not in actions


def test_publishing_from_the_admin_announces_the_new_version(
    admin_client, administrator, django_capture_on_commit_callbacks
):
    """R-C-2: a version published by the administrator is announced like any other."""
    from django_tasks_db.models import DBTaskResult

    draft = TermsVersion.objects.create(text_ka="ტ", text_en="t", summary_ka="ს", summary_en="s")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:consent_termsversion_changelist"),
            {"action": "publish", "_selected_action": [draft.pk]},
        )
    job = DBTaskResult.objects.get(task_path__endswith=".announce_terms")
    assert job.args_kwargs["args"] == [draft.pk]


def test_the_admin_form_has_the_summary_of_changes_in_both_languages(admin_client):
    html = admin_client.get(reverse("admin:consent_termsversion_add")).content.decode()
    assert 'name="summary_ka"' in html and 'name="summary_en"' in html
