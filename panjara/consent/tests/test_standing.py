"""The account gate reads where a person stands with the terms through `terms_standing`, one
plain statement on every signed-in request. Nothing is cached between requests: it must give the
same answer as `terms_state` at every point of a person's history, and see a newly published
version or a decision taken elsewhere at once."""

from panjara.consent.models import TermsDecision
from panjara.consent.selectors import terms_standing, terms_state
from panjara.consent.services import terms_decide, terms_publish
from panjara.identity.gate import pending_step

ACCEPTED, REFUSED = TermsDecision.Decision.ACCEPTED, TermsDecision.Decision.REFUSED


def _publish(administrator, number: int):
    return terms_publish(
        text_ka=f"ვერსია {number}",
        text_en=f"Version {number}",
        summary_ka="ცვლილება",
        summary_en="A change",
        published_by=administrator,
    )


def _standing(user) -> str:
    standing = terms_standing(user=user)
    assert standing == terms_state(user=user)[0]
    return standing


def test_the_standing_follows_every_publication_and_decision(administrator, citizen, other_citizen):
    assert _standing(citizen) == "none"
    first = _publish(administrator, 1)
    assert _standing(citizen) == "pending"
    terms_decide(user=citizen, terms=first, decision=ACCEPTED, language="ka")
    assert _standing(citizen) == "accepted"
    assert _standing(other_citizen) == "pending"  # one person's decision is not another's

    second = _publish(administrator, 2)
    assert _standing(citizen) == "pending"
    assert pending_step(citizen) == "terms"  # the gate sends them to decide on the next request
    terms_decide(user=citizen, terms=second, decision=REFUSED, language="en")
    assert _standing(citizen) == "refused"
    assert pending_step(citizen) == "refused"

    third = _publish(administrator, 3)
    assert _standing(citizen) == "pending"  # a refusal of an older version asks again
    terms_decide(user=citizen, terms=third, decision=REFUSED, language="ka")
    terms_decide(user=citizen, terms=third, decision=ACCEPTED, language="ka")
    assert _standing(citizen) == "accepted"  # the latest decision counts, even at the same moment
    assert pending_step(citizen) == ""


def test_an_unpublished_draft_does_not_count(administrator, citizen):
    from panjara.consent.models import TermsVersion

    first = _publish(administrator, 1)
    terms_decide(user=citizen, terms=first, decision=ACCEPTED, language="ka")
    TermsVersion.objects.create(text_ka="მონახაზი", text_en="Draft", summary_ka="", summary_en="")
    assert _standing(citizen) == "accepted"
