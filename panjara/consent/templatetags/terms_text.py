"""Rendering a terms text as headings and paragraphs (the format is described in consent/demo.py).
Escaping stays with the template: the filter returns plain strings, never markup."""

from django import template

register = template.Library()


@register.filter
def terms_blocks(text: str) -> list[dict[str, str]]:
    blocks = []
    for raw in text.replace("\r\n", "\n").split("\n\n"):
        block = raw.strip()
        if not block:
            continue
        if block.startswith("## "):
            heading, _newline, rest = block[3:].partition("\n")
            blocks.append({"kind": "heading", "text": heading.strip()})
            if rest.strip():
                blocks.append({"kind": "paragraph", "text": rest.strip()})
        else:
            blocks.append({"kind": "paragraph", "text": block})
    return blocks
