"""Text made safe to show in a terminal.

A website (or an imported CSV) can hold terminal control sequences: a page title such as
``Acme\\x1b[2J\\x1b]0;pwned\\x07`` clears the screen and renames the window when printed raw.
``terminal_safe`` removes escape sequences whole (CSI such as ``ESC [ 2 J``, OSC such as
``ESC ] 0 ; title BEL``, the other string and two-byte ESC sequences, and their one-byte C1
forms) and then every other C0/C1 control character except newline and tab. ``terminal_json``
writes JSON whose strings keep such characters as escapes.
"""

from __future__ import annotations

import re

# ESC ] … (OSC), ESC P … (DCS), ESC X … (SOS), ESC ^ … (PM), ESC _ … (APC), or their C1 forms,
# up to their terminator (BEL, ESC \ or ST); an unterminated one loses only its introducer
_STRING = re.compile(r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)")
# ESC [ or CSI, parameter bytes, intermediate bytes, one final byte (ESC [ 2 J, ESC [ 31 m)
_CSI = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]")
# any other escape: ESC, intermediate bytes, one final byte (ESC c, ESC ( B, ESC 7)
_ESCAPE = re.compile(r"\x1b[ -/]*[0-~]")
# what is left: C0 controls but tab and newline, DEL, C1 controls
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_escapes(text: str, *, short: bool = True) -> str:
    """``text`` without terminal escape sequences, each removed whole (so ``ESC ] 0 ; pwned
    BEL`` leaves nothing behind, not ``]0;pwned``); other characters are left as they are.
    ``short=False`` keeps the two-byte forms (``ESC c``), whose second byte is often a real
    letter when a stray ESC sits in prose."""
    for pattern in (_STRING, _CSI, _ESCAPE) if short else (_STRING, _CSI):
        text = pattern.sub("", text)
    return text


def terminal_safe(text) -> str:
    """``text`` (any value, None as empty) without terminal escape sequences or control
    characters; newlines and tabs are kept, a carriage return is dropped."""
    if text is None:
        return ""
    text = str(text)
    if not _CONTROL.search(text):
        return text  # the usual case: nothing to do
    return _CONTROL.sub("", strip_escapes(text))


# json.dumps(ensure_ascii=False) escapes C0 controls but writes DEL and C1 controls raw
_RAW_IN_JSON = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


def terminal_json(data, **options) -> str:
    """``data`` as JSON text for a terminal: every string kept whole, DEL and the C1 controls
    written as ``\\u`` escapes (only strings can hold them, so the JSON stays valid)."""
    import json

    return json.dumps(data, ensure_ascii=False, **options).translate(_RAW_IN_JSON)


__all__ = ["strip_escapes", "terminal_json", "terminal_safe"]
