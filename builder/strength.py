"""How many guesses a secret would take, by zxcvbn's estimate (dictionaries, keyboard runs, repeats,
dates, and the team's own names given as words a guesser would try first)."""

from __future__ import annotations

from collections.abc import Iterable

from zxcvbn import zxcvbn

PASSWORD_GUESSES = 10  # log10: a sealed site can be attacked offline, 600,000 PBKDF2 rounds a guess
KEY_GUESSES = 30  # log10: a feed key makes addresses nobody may work out; `openssl rand -hex 32` is far above
_LONGEST = 100  # zxcvbn's time grows with the length; what lies beyond this only adds strength


def too_weak(secret: str, at_least: int, words: Iterable[str] = ()) -> str | None:
    """Why `secret` is too easy to guess, in the words of the error message, or None when it is not."""
    estimate = zxcvbn(secret[:_LONGEST], user_inputs=[w for w in words if w][:1000])
    guesses = float(estimate["guesses_log10"])
    if guesses >= at_least:
        return None
    why = {
        "repeat": "有重复的字符或片段",
        "sequence": "有连续的字母或数字",
        "spatial": "是键盘上相邻的键",
        "date": "含有日期",
        "dictionary": "含有常见密码、常用词或团队成员的名字",
        "regex": "含有年份等规律",
    }
    patterns = [why[m["pattern"]] for m in estimate["sequence"] if m.get("pattern") in why]
    said = "、".join(dict.fromkeys(patterns)) or "太短或太有规律"
    return f"按 zxcvbn 估计约 10^{guesses:.0f} 次就能猜中（至少要 10^{at_least} 次）：{said}"
