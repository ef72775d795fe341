"""Administrative divisions (行政区划, GB/T 2260): regions of every level, their names and lookups.

A `Region` is identified by its 6-digit division code and has a level (省级 / 地级 / 县级) and a
parent. `Divisions` indexes a list of them: by code, by name within a parent, full names
(“重庆市璧山区”), short names (璧山, 黔南州, 石柱县, 内蒙古) and the places where a text names one.
The list itself is data (`eduplan.data.divisions` loads the shipped one); this module is pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

from eduplan.core.findings import REGION_UNKNOWN
from eduplan.core.plan import Plan


class Level(StrEnum):
    """The level of a division: province (省级), prefecture (地级) or county (县级)."""

    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"

    @property
    def label(self) -> str:
        return {"province": "省级", "prefecture": "地级", "county": "县级"}[self.value]

    @property
    def depth(self) -> int:
        return {"province": 0, "prefecture": 1, "county": 2}[self.value]


#: The kind of a division (as the 民政部 list names it) → its level.
KIND_LEVELS: dict[str, Level] = {
    **dict.fromkeys(("省", "自治区", "直辖市", "特别行政区"), Level.PROVINCE),
    **dict.fromkeys(("地级市", "自治州", "地区", "盟"), Level.PREFECTURE),
    **dict.fromkeys(("市辖区", "县", "县级市", "自治县", "旗", "自治旗", "特区", "林区"), Level.COUNTY),
}

#: The 56 ethnic groups, as they appear inside the names of autonomous divisions (a fact list).
_ETHNIC = ["汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"]
_ETHNIC_TAIL_RE = re.compile("(?:" + "|".join(sorted(_ETHNIC, key=len, reverse=True)) + ")族?$")
_AUTONOMOUS = frozenset(("自治区", "自治州", "自治县", "自治旗"))
_PLAIN_ENDING = {"自治州": "州", "自治县": "县", "自治旗": "旗"}
#: The generic ending of a name, longest first; what is left is the name's stem (璧山区 → 璧山).
_ENDINGS = frozenset(("特别行政区", "地区", "林区", "特区", "新区", "省", "市", "区", "县", "旗", "盟", "州"))
_ENDING_SIZES = sorted({len(e) for e in _ENDINGS}, reverse=True)
#: A code: six digits, the first two a province.
_CODE_RE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Region:
    """One administrative division: its code (GB/T 2260), name, level, kind and parent's code."""

    code: str
    name: str
    level: Level
    parent_code: str | None = None
    kind: str = ""
    abolished: int | None = None  # the year a former division was abolished (None: current)


def region_of(code: str, name: str, kind: str, parent_code: str | None = None,
              abolished: int | None = None) -> Region:
    """A region from one row of the division list (the level follows from the kind)."""
    level = KIND_LEVELS.get(kind)
    if level is None:
        raise ValueError(f"未知的行政区划类别“{kind}”（{code} {name}）")
    return Region(code=code, name=name, level=level, parent_code=parent_code, kind=kind, abolished=abolished)


def stem(name: str) -> str:
    """The name without its generic ending and ethnic part: 璧山区 → 璧山, 石柱土家族自治县 → 石柱."""
    if name[-3:] in _AUTONOMOUS:
        base = name[:-3]
        while (match := _ETHNIC_TAIL_RE.search(base)) and match.start() >= 2:
            base = base[: match.start()]
        return base
    for size in _ENDING_SIZES:
        if name[-size:] in _ENDINGS and len(name) - size >= 2:
            return name[:-size]
    return name


def short_names(region: Region) -> list[str]:
    """Other names a text uses for the region: 璧山, 黔南州, 石柱县, 内蒙古 (never one character)."""
    base = stem(region.name)
    names = [base] if base != region.name and len(base) >= 2 else []
    short = _PLAIN_ENDING.get(region.name[-3:])
    if short and len(base) >= 2:
        names.append(base + short)
    return names


@dataclass(frozen=True)
class Mention:
    """Where a text names a division: its span, the name as written, the regions it may be."""

    start: int
    end: int
    name: str
    regions: tuple[Region, ...]
    full: bool  # the full name (璧山区), not a short one (璧山)


@dataclass
class Divisions:
    """An indexed division list: lookups by code, by name (within a parent) and in running text."""

    regions: list[Region]
    _by_code: dict[str, Region] = field(init=False, repr=False)
    _by_name: dict[str, list[tuple[Region, bool]]] = field(init=False, repr=False)
    _sizes: dict[str, list[int]] = field(init=False, repr=False)  # name lengths by first two characters

    def __post_init__(self) -> None:
        self._by_code = {r.code: r for r in self.regions}
        self._by_name = {}
        for r in self.regions:
            self._by_name.setdefault(r.name, []).append((r, True))
            for name in short_names(r):
                self._by_name.setdefault(name, []).append((r, False))
        sizes: dict[str, set[int]] = {}
        for n in self._by_name:
            sizes.setdefault(n[:2], set()).add(len(n))
        self._sizes = {k: sorted(v, reverse=True) for k, v in sizes.items()}

    def __len__(self) -> int:
        return len(self.regions)

    def by_code(self, code: str) -> Region | None:
        """The region with this code (a former one too), else None."""
        return self._by_code.get(code.strip())

    def parent(self, region: Region) -> Region | None:
        return self._by_code.get(region.parent_code) if region.parent_code else None

    def ancestors(self, region: Region) -> list[Region]:
        """The region's parent, its parent's parent …, nearest first."""
        out = []
        current = self.parent(region)
        while current is not None:
            out.append(current)
            current = self.parent(current)
        return out

    def province(self, region: Region) -> Region:
        chain = self.ancestors(region)
        return chain[-1] if chain else region

    def children(self, region: Region) -> list[Region]:
        return [r for r in self.regions if r.parent_code == region.code]

    def is_within(self, region: Region, ancestor: Region) -> bool:
        return any(a.code == ancestor.code for a in self.ancestors(region))

    def full_name(self, region: Region) -> str:
        """The name with its ancestors: 重庆市璧山区, 福建省漳州市平和县, 内蒙古自治区."""
        return "".join(r.name for r in reversed([region, *self.ancestors(region)]))

    def named(self, name: str, *, within: Region | None = None, short: bool = True) -> list[Region]:
        """The regions called `name` (full or, with `short`, short name), optionally inside `within`."""
        found = [r for r, full in self._by_name.get(name, []) if full or short]
        if within is not None:
            found = [r for r in found if self.is_within(r, within)]
        return _unique(found)

    def mentions(self, text: str) -> list[Mention]:
        """Every place the text names a division (longest name first, left to right, no overlaps)."""
        out: list[Mention] = []
        i = 0
        while i < len(text) - 1:
            for size in self._sizes.get(text[i : i + 2], ()):
                hits = self._by_name.get(text[i : i + size])
                if hits:
                    regions = tuple(_unique([r for r, _ in hits]))
                    full = any(f for _, f in hits)
                    out.append(Mention(i, i + size, text[i : i + size], regions, full))
                    i += size
                    break
            else:
                i += 1
        return out

    def resolve(self, text: str) -> list[Region]:
        """The regions a name or code given by a person means: 500120, 璧山区, 璧山, 重庆市璧山区.

        Several regions when the name is ambiguous; none when the list does not know it.
        """
        text = re.sub(r"\s+", "", text)
        if _CODE_RE.match(text):
            found = self.by_code(text)
            return [found] if found else []
        exact = self.named(text)
        if exact:
            return _prefer_current(exact)
        parts = self.mentions(text)
        if not parts or parts[0].start != 0 or parts[-1].end != len(text) or any(
                a.end != b.start for a, b in pairwise(parts)):
            return []
        candidates = list(parts[-1].regions)
        for outer in parts[:-1]:
            candidates = [r for r in candidates if any(self.is_within(r, o) for o in outer.regions)]
        return _prefer_current(_unique(candidates))

    def describe(self, regions: Iterable[Region]) -> str:
        """“福建省福州市鼓楼区（350102）、江苏省南京市鼓楼区（320106）” for a message."""
        return "、".join(f"{self.full_name(r)}（{r.code}）" for r in regions)


def _unique(regions: Iterable[Region]) -> list[Region]:
    seen: dict[str, Region] = {}
    for r in regions:
        seen.setdefault(r.code, r)
    return list(seen.values())


def _prefer_current(regions: list[Region]) -> list[Region]:
    current = [r for r in regions if r.abolished is None]
    return current or regions


def iter_rows(rows: Iterable[list[object]], *, abolished: bool = False) -> Iterator[Region]:
    """Regions from the rows of a division file ([code, name, kind, parent(, abolished)])."""
    for row in rows:
        code, name, kind, parent = (row[0], row[1], row[2], row[3])
        year = row[4] if abolished and len(row) > 4 else None
        yield region_of(str(code), str(name), str(kind), str(parent) if parent else None,
                        int(year) if isinstance(year, int) else None)


def assign_region(plan: Plan, region: Region) -> None:
    """Give the plan this region (a person chose it): name, code and level; region_unknown goes."""
    plan.region = region.name
    plan.region_code = region.code
    plan.region_level = str(region.level)
    plan.findings = [f for f in plan.findings if f.kind != REGION_UNKNOWN.kind]
