"""The form engine (issue 4 §1): the agency's JSON Schema decides what is valid, the person gets
the reason in their language, and what they typed is never lost."""

import pytest
from django.http import QueryDict
from django.utils import translation

from panjara.applications.forms import check, form_fields, html_form, typed_values

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["personal_number", "delivery", "estimate"],
    "properties": {
        "personal_number": {
            "type": "string",
            "pattern": "^[0-9]{11}$",
            "maxLength": 11,
            "readOnly": True,
            "x-labels": {"ka": "პირადი ნომერი", "en": "Personal number"},
        },
        "delivery": {
            "type": "string",
            "x-labels": {"ka": "მიწოდება", "en": "Delivery"},
            "oneOf": [
                {"const": "portal", "x-labels": {"ka": "პორტალზე", "en": "On the portal"}},
                {"const": "post", "x-labels": {"ka": "ფოსტით", "en": "By post"}},
            ],
        },
        "estimate": {"type": "number", "minimum": 0, "x-labels": {"ka": "ხარჯთაღრიცხვა", "en": "Estimate"}},
        "start_date": {
            "type": "string",
            "format": "date",
            "x-labels": {"ka": "დაწყების თარიღი", "en": "Start date"},
        },
        "reason": {"type": "string", "maxLength": 2000, "x-labels": {"ka": "მიზეზი", "en": "Reason"}},
        "urgent": {"type": "boolean", "x-labels": {"ka": "სასწრაფო", "en": "Urgent"}},
    },
}


def test_a_valid_form_becomes_the_typed_document():
    checked = check(
        SCHEMA,
        {"personal_number": "01024085001", "delivery": "post", "estimate": "1 500,50", "urgent": "true"},
    )
    assert checked.ok, checked.errors
    assert (
        checked.document
        == {
            "personal_number": "01024085001",
            "delivery": "post",
            "estimate": 1500.5,
            "urgent": True,
            # absent optional fields are left out, not sent empty
        }
        | {}
    )
    assert "start_date" not in checked.document


@pytest.mark.parametrize(
    ("language", "values", "field", "message"),
    [
        ("en", {"delivery": "post", "estimate": "1"}, "personal_number", "Enter Personal number."),
        ("ka", {"delivery": "post", "estimate": "1"}, "personal_number", "შეავსეთ ველი „პირადი ნომერი“."),
        (
            "en",
            {"personal_number": "0102", "delivery": "post", "estimate": "1"},
            "personal_number",
            "It has 11 digits.",
        ),
        ("en", {"personal_number": "01024085001", "estimate": "1"}, "delivery", "Choose Delivery."),
        (
            "en",
            {"personal_number": "01024085001", "delivery": "boat", "estimate": "1"},
            "delivery",
            "Choose one of the options",
        ),
        (
            "en",
            {"personal_number": "01024085001", "delivery": "post", "estimate": "a lot"},
            "estimate",
            "as a number",
        ),
        (
            "en",
            {"personal_number": "01024085001", "delivery": "post", "estimate": "-5"},
            "estimate",
            "at least 0",
        ),
        (
            "en",
            {
                "personal_number": "01024085001",
                "delivery": "post",
                "estimate": "1",
                "start_date": "2026-02-30",
            },
            "start_date",
            "real date",
        ),
        (
            "en",
            {"personal_number": "01024085001", "delivery": "post", "estimate": "1", "reason": "x" * 2001},
            "reason",
            "at most 2000 characters",
        ),
    ],
)
def test_each_mistake_is_named_on_its_field_in_the_persons_language(language, values, field, message):
    with translation.override(language):
        checked = check(SCHEMA, values)
    assert not checked.ok
    assert any(message in text for text in checked.errors[field]), checked.errors


def test_the_html_form_shows_labels_in_the_language_and_marks_optional_fields():
    with translation.override("ka"):
        form = html_form(
            SCHEMA, values={"personal_number": "01024085001"}, locked={"personal_number": "01024085001"}
        )
        html = str(form["personal_number"]) + str(form["start_date"].label)
    assert "readonly" in html
    assert 'value="01024085001"' in html
    assert "დაწყების თარიღი" in html
    assert "არასავალდებულო" in html
    with translation.override("en"):
        kinds = {spec.name: spec.kind for spec in form_fields(SCHEMA)}
    assert kinds == {
        "personal_number": "text",
        "delivery": "choice",
        "estimate": "number",
        "start_date": "date",
        "reason": "long_text",
        "urgent": "flag",
    }


def test_typed_values_keep_everything_but_ignore_locked_fields_from_the_browser():
    post = QueryDict(mutable=True)
    post.update({"personal_number": "99999999999", "estimate": "  not a number  ", "reason": "a\r\nb"})
    values = typed_values(SCHEMA, post, locked={"personal_number": "01024085001"})
    assert values["personal_number"] == "01024085001"
    assert values["estimate"] == "  not a number  "
    assert values["reason"] == "a\nb"
    assert values["urgent"] == "false"
