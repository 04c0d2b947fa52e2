"""Reading the text back out of a PDF the portal made, so that tests can check what a reader of
the printed application would see without a PDF library among the test dependencies.

Enough for what WeasyPrint (pydyf) writes: objects at the top level or in object streams, Flate
streams, Type0 fonts with a ToUnicode CMap, text shown with Tj and TJ. Not a general PDF reader."""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+)\s+0\s+obj\b")
_REF = rb"(\d+)\s+0\s+R"
# A font choice, a string shown, or the end of a line (a new text matrix or the text object's end).
_TOKEN = re.compile(
    rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|(\[.*?\]|<[0-9a-fA-F]*>)\s*T[Jj]|\bTm\b|\bET\b", re.S
)


def _streams_and_dicts(data: bytes) -> tuple[dict[int, bytes], dict[int, bytes]]:
    dicts: dict[int, bytes] = {}
    streams: dict[int, bytes] = {}
    position = 0
    while match := _OBJECT.search(data, position):
        number = int(match.group(1))
        end = data.find(b"endobj", match.end())
        body = data[match.end() : end]
        stream_at = body.find(b"stream")
        if stream_at >= 0:
            head = body[:stream_at]
            length = int(re.search(rb"/Length\s+(\d+)", head).group(1))
            start = match.end() + stream_at + len(b"stream")
            start += 2 if data[start : start + 2] == b"\r\n" else 1
            raw = data[start : start + length]
            end = data.find(b"endobj", start + length)
            dicts[number] = head
            streams[number] = zlib.decompress(raw) if b"/FlateDecode" in head else raw
        else:
            dicts[number] = body
        position = end + len(b"endobj")
    for number, head in list(dicts.items()):
        if b"/ObjStm" in head:
            content = streams[number]
            count = int(re.search(rb"/N\s+(\d+)", head).group(1))
            first = int(re.search(rb"/First\s+(\d+)", head).group(1))
            pairs = [int(x) for x in content[:first].split()][: count * 2]
            offsets = list(zip(pairs[::2], pairs[1::2], strict=True))
            for index, (inner, offset) in enumerate(offsets):
                stop = offsets[index + 1][1] if index + 1 < len(offsets) else len(content) - first
                dicts[inner] = content[first + offset : first + stop]
    return dicts, streams


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for source, target in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, target in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            start = int(target, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _fonts(
    resources: bytes, dicts: dict[int, bytes], streams: dict[int, bytes]
) -> dict[bytes, dict[int, str]]:
    fonts_ref = re.search(rb"/Font\s+" + _REF, resources)
    font_dict = dicts[int(fonts_ref.group(1))] if fonts_ref else resources
    fonts = {}
    for name, number in re.findall(rb"/([A-Za-z0-9_.+-]+)\s+" + _REF, font_dict):
        font = dicts.get(int(number), b"")
        to_unicode = re.search(rb"/ToUnicode\s+" + _REF, font)
        fonts[name] = _cmap(streams[int(to_unicode.group(1))]) if to_unicode else {}
    return fonts


def _show(operand: bytes, cmap: dict[int, str]) -> str:
    text = []
    for hexes in re.findall(rb"<([0-9a-fA-F]*)>", operand):
        for i in range(0, len(hexes), 4):
            text.append(cmap.get(int(hexes[i : i + 4], 16), "\ufffd"))
    return "".join(text)


def pdf_text(data: bytes) -> str:
    """The text of every page, one line per line of text."""
    dicts, streams = _streams_and_dicts(data)
    lines = []
    for _number, body in sorted(dicts.items()):
        if not re.search(rb"/Type\s*/Page\b", body):
            continue
        resources_ref = re.search(rb"/Resources\s+" + _REF, body)
        resources = dicts[int(resources_ref.group(1))] if resources_ref else body
        fonts = _fonts(resources, dicts, streams)
        contents = re.search(rb"/Contents\s+(?:\[(.*?)\]|" + _REF + rb")", body, re.S)
        refs = re.findall(_REF, contents.group(1)) if contents.group(1) else [contents.group(2)]
        content = b"\n".join(streams[int(ref)] for ref in refs)
        cmap: dict[int, str] = {}
        line = []
        for token in _TOKEN.finditer(content):
            if token.group(1):
                cmap = fonts.get(token.group(1), {})
            elif token.group(2):
                line.append(_show(token.group(2), cmap))
            elif line:
                lines.append("".join(line))
                line = []
    return "\n".join(lines)


def pdf_fonts(data: bytes) -> set[str]:
    """The names of the fonts embedded in the PDF, without their subset prefix."""
    dicts, _streams = _streams_and_dicts(data)
    names = set()
    for body in dicts.values():
        for name in re.findall(rb"/BaseFont\s*/([^\s/<>\[\]]+)", body):
            names.add(name.decode().split("+", 1)[-1])
    return names
