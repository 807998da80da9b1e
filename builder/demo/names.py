"""Chinese names for the people of every demo team, and unique names from limited pools."""

from __future__ import annotations

import random
from collections.abc import Callable

SURNAMES = [
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("赵", "zhao"),
    ("黄", "huang"),
    ("周", "zhou"),
    ("吴", "wu"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("胡", "hu"),
    ("朱", "zhu"),
    ("高", "gao"),
    ("林", "lin"),
    ("何", "he"),
    ("郭", "guo"),
    ("马", "ma"),
    ("罗", "luo"),
    ("梁", "liang"),
    ("宋", "song"),
    ("郑", "zheng"),
    ("谢", "xie"),
    ("韩", "han"),
    ("唐", "tang"),
    ("冯", "feng"),
    ("于", "yu"),
    ("董", "dong"),
    ("萧", "xiao"),
]
GIVEN_NAMES = [
    ("娜", "na"),
    ("磊", "lei"),
    ("敏", "min"),
    ("强", "qiang"),
    ("丽", "li"),
    ("军", "jun"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("建国", "jianguo"),
    ("海燕", "haiyan"),
    ("志强", "zhiqiang"),
    ("桂英", "guiying"),
    ("建华", "jianhua"),
    ("文博", "wenbo"),
    ("雪梅", "xuemei"),
    ("国平", "guoping"),
    ("晓东", "xiaodong"),
    ("丹", "dan"),
    ("斌", "bin"),
    ("玉兰", "yulan"),
    ("德胜", "desheng"),
    ("慧", "hui"),
]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES)[0] + rng.choice(GIVEN_NAMES)[0]


def manager(rng: random.Random, taken: set[str]) -> tuple[str, str]:
    """A name and a pinyin id not in `taken` (which it joins)."""
    surname, s_pinyin = rng.choice(SURNAMES)
    given, g_pinyin = rng.choice(GIVEN_NAMES)
    ident = s_pinyin + g_pinyin
    suffix = 2
    while ident in taken:
        ident, suffix = f"{s_pinyin}{g_pinyin}{suffix}", suffix + 1
    taken.add(ident)
    return surname + given, ident


TRIES = 40


class Unique:
    """Names drawn from limited pools, none given twice. When a pool seems exhausted (TRIES
    draws in a row all taken) the last draw gets a number, 王记烟酒店（2）, and from then on
    that pool is drawn once per name: a team far larger than its pools is still made quickly."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self._exhausted: set[str] = set()
        self._numbers: dict[str, int] = {}  # name -> the last number given to it

    def __call__(self, make: Callable[[], str], pool: str) -> str:
        for _ in range(1 if pool in self._exhausted else TRIES):
            name = make()
            if name not in self.taken:
                break
        else:
            self._exhausted.add(pool)
            number = self._numbers.get(name, 1) + 1
            self._numbers[name] = number
            name = f"{name}（{number}）"
        self.taken.add(name)
        return name
