from django import forms
from django.template import engines


class ContactForm(forms.Form):
    email = forms.EmailField(label="E-mail", help_text="We only use it to reply")
    phone = forms.CharField(label="Phone")
    way = forms.ChoiceField(label="How", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


TEMPLATE = """{% include "web/includes/error_summary.html" with form=form %}
{% include "web/includes/field.html" with field=form.email %}
{% include "web/includes/field.html" with field=form.phone hint="Mobile" input_class="input--width-5" %}
{% include "web/includes/field.html" with field=form.way %}"""


def render(form) -> str:
    return engines["django"].from_string(TEMPLATE).render({"form": form})


def test_a_valid_or_unbound_form_has_no_error_summary_and_no_aria_invalid():
    html = render(ContactForm())
    assert "error-summary" not in html
    assert "aria-invalid" not in html
    assert 'aria-describedby="id_email-hint"' in html
    assert '<div class="hint" id="id_email-hint">We only use it to reply</div>' in html
    assert '<label class="label" for="id_phone">Phone</label>' in html
    assert 'class="input--width-5"' in html


def test_errors_are_summarised_linked_and_tied_to_their_fields():
    html = render(ContactForm(data={"email": "not an address", "phone": ""}))
    assert 'role="alert"' in html
    assert '<a href="#id_email">' in html
    assert '<a href="#id_phone">' in html
    assert '<a href="#id_way_0">' in html
    assert 'aria-describedby="id_email-hint id_email-error"' in html
    assert 'aria-describedby="id_phone-hint id_phone-error"' in html
    assert 'id="id_phone-error"' in html
    assert html.count('aria-invalid="true"') >= 4  # email, phone and both radio buttons
    assert "<fieldset" in html and '<legend class="label">How</legend>' in html
