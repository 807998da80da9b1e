"""'Did you mean …?': the choice a mistyped word was most likely meant to be."""

from __future__ import annotations

import difflib

_LOOKALIKES = str.maketrans("lIoO", "1100")


def did_you_mean(word: str, choices: list[str]) -> str:
    """The choice `word` was most likely meant to be ('' if none is close)."""
    plain = word.translate(_LOOKALIKES).lower()
    for choice in choices:
        if choice.translate(_LOOKALIKES).lower() == plain:
            return choice
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else ""
