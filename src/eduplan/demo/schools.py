"""Seeded simulated school records for the demo districts: schools and kindergartens.

Each district gets single-stage primary and junior schools, a few 九年一贯制 schools and
完全中学 (with per-section figures in `extra`, as `core.inspection` and `core.classsize` read
them), a few 教学点, and kindergartens (public / 普惠 / private). Each school section draws a
profile — strong, marginal (one of the 7 resource indicators a little short) or weak (two or
three clearly short) — so that the 优质均衡 assessment meets passing and failing schools in
every district; a few schools are crowded (大班额, now and then 超大班额).

Kindergarten figures that `SchoolRecord` lacks live in `extra` (`grades` — the class grades in
the order of `class_sizes`, joined by “,” —, `principals`, `certified_principals`,
`outdoor_area`, `activity_area`, `building_area`, `rating`); `as_kindergarten` reads them back.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from eduplan.core.inspection.preschool import KINDERGARTEN_GRADES, class_size_limit
from eduplan.core.plan import SchoolRecord
from eduplan.data.standards_sets import load_standards

#: The national standards each resource figure is drawn around (national.json, balance.resource.*).
STANDARDS = {
    "小学": {
        "qualified_teachers": 4.2,
        "backbone_teachers": 1.0,
        "pe_art_teachers": 0.9,
        "teaching_area": 4.5,
        "sports_area": 7.5,
        "equipment_value": 2000.0,
        "multimedia_classrooms": 2.3,
    },
    "初中": {
        "qualified_teachers": 5.3,
        "backbone_teachers": 1.0,
        "pe_art_teachers": 0.9,
        "teaching_area": 5.8,
        "sports_area": 10.2,
        "equipment_value": 2500.0,
        "multimedia_classrooms": 2.4,
    },
}
STANDARDS["高中"] = STANDARDS["初中"]
PER_HUNDRED = frozenset({"qualified_teachers", "backbone_teachers", "pe_art_teachers", "multimedia_classrooms"})
KEYS = tuple(STANDARDS["小学"])
PROFILES = ("strong", "marginal", "weak")
PROFILE_WEIGHTS = (6, 2, 2)
OWNERSHIP = (("public", 5), ("普惠", 3), ("private", 2))
_PLACES = (
    "城南",
    "城北",
    "东城",
    "西城",
    "实验",
    "凤凰",
    "青杠",
    "丁家",
    "大路",
    "河边",
    "来凤",
    "健龙",
    "七塘",
    "八塘",
    "三合",
    "广普",
    "正兴",
    "福禄",
    "大兴",
    "金剑",
    "双星",
    "红旗",
    "新华",
    "人民",
    "解放",
    "中山",
    "育才",
    "民主",
    "胜利",
    "光明",
    "和平",
    "建设",
    "文星",
    "玉泉",
    "桂花",
    "金竹",
    "石桥",
    "白鹤",
    "清溪",
    "龙泉",
    "临江",
    "枣园",
    "鹅岭",
    "石油",
    "德精",
    "观音",
    "马鞍",
    "黄桷",
    "杨柳",
    "梨树",
    "松林",
    "竹园",
    "新桥",
    "柏林",
    "高峰",
    "长岭",
)
_BRANDS = ("博雅", "蓓蕾", "童馨", "小天使", "金太阳", "启蒙", "七彩", "阳光", "贝贝", "春苗")


@dataclass(frozen=True)
class Section:
    """One simulated section of a school: its classes and the 7 resource figures."""

    stage: str
    class_sizes: tuple[int, ...]
    figures: dict[str, float]  # the 7 keys; equipment_value in 万元
    qualification: dict[str, int]
    extra_teachers: int  # teachers below the section's qualification bar

    @property
    def enrolment(self) -> int:
        """Pupils of the section."""
        return sum(self.class_sizes)


# --- sections --------------------------------------------------------------------------------


def _factors(profile: str, rng: random.Random) -> dict[str, float]:
    """How far above (>1) or below (<1) its standard each figure is drawn."""
    factors = {k: rng.uniform(1.06, 1.7) for k in KEYS}
    if profile == "marginal":
        factors[rng.choice(KEYS)] = rng.uniform(0.88, 0.97)
    elif profile == "weak":
        for key in rng.sample(KEYS, rng.randint(2, 3)):
            factors[key] = rng.uniform(0.55, 0.92)
    return factors


def _class_sizes(stage: str, classes: int, crowded: bool, small: bool, rng: random.Random) -> tuple[int, ...]:
    """Class sizes around a usual mean; a crowded school has 大班额 and maybe a 超大班额 class."""
    mean = rng.uniform(52, 58) if crowded else rng.uniform(36, 44 if stage == "小学" else 47)
    if small:  # a teaching point's classes
        mean = rng.uniform(8, 22)
    sizes = [max(3 if small else 15, round(rng.gauss(mean, 2.5))) for _ in range(classes)]
    if crowded and rng.random() < 0.5:
        sizes[rng.randrange(classes)] = rng.randint(66, 72)
    return tuple(sizes)


def _figure(key: str, stage: str, factor: float, enrolment: int) -> float:
    """A figure meeting `factor` × its standard (counts rounded towards that side of 1)."""
    need = STANDARDS[stage][key] * factor * enrolment / (100 if key in PER_HUNDRED else 1)
    if key in PER_HUNDRED:
        return float(math.ceil(need) if factor >= 1 else math.floor(need))
    if key == "equipment_value":
        return round(need / 10000, 2)  # 万元
    return round(need, 1)


def _qualification(stage: str, qualified: int, below: int, rng: random.Random) -> dict[str, int]:
    """Teachers by qualification: `qualified` at or above the stage's bar, `below` under it."""
    postgraduate = round(qualified * rng.uniform(0.02, 0.12))
    if stage == "小学":
        bachelor = round((qualified - postgraduate) * rng.uniform(0.6, 0.85))
        return {"研究生": postgraduate, "本科": bachelor, "专科": qualified - postgraduate - bachelor, "高中": below}
    return {"研究生": postgraduate, "本科": qualified - postgraduate, "专科": below}


def simulate_section(
    stage: str, *, classes: int, profile: str, crowded: bool, rng: random.Random, small: bool = False
) -> Section:
    """One school section: class sizes, then every figure from its profile."""
    sizes = _class_sizes(stage, classes, crowded, small, rng)
    enrolment = sum(sizes)
    factors = _factors(profile, rng)
    figures = {k: _figure(k, stage, factors[k], enrolment) for k in KEYS}
    below = rng.choice((0, 0, 0, 1, 2))
    qualification = _qualification(stage, int(figures["qualified_teachers"]), below, rng)
    return Section(stage, sizes, figures, qualification, below)


# --- schools ---------------------------------------------------------------------------------


def _merge_qualification(sections: Sequence[Section]) -> dict[str, int]:
    """Teachers by qualification over several sections."""
    out: dict[str, int] = {}
    for s in sections:
        for label, count in s.qualification.items():
            out[label] = out.get(label, 0) + count
    return out


def school_record(
    school_id: str, name: str, region: str, year: int, stage: str, sections: Sequence[Section], rng: random.Random
) -> SchoolRecord:
    """A school record from its sections; a combined school carries per-section figures."""
    sizes = [size for s in sections for size in s.class_sizes]
    teachers = sum(int(s.figures["qualified_teachers"]) + s.extra_teachers for s in sections)
    pe_art = int(sum(s.figures["pe_art_teachers"] for s in sections))
    pe = math.ceil(pe_art / 2)
    rooms = math.ceil(len(sizes) / 12)
    extra: dict[str, float | str | None] = {}
    if len(sections) > 1:
        for s in sections:
            extra[f"{s.stage}.enrolment"] = s.enrolment
            extra[f"{s.stage}.classes"] = len(s.class_sizes)
            extra.update({f"{s.stage}.{k}": v for k, v in s.figures.items()})
    return SchoolRecord(
        school_id=school_id,
        name=name,
        region=region,
        year=year,
        stage=stage,
        ownership="public",
        enrolment=sum(sizes),
        classes=len(sizes),
        class_sizes=sizes,
        teachers=teachers,
        teachers_by_qualification=_merge_qualification(sections),
        backbone_teachers=int(sum(s.figures["backbone_teachers"] for s in sections)),
        pe_teachers=pe,
        music_teachers=(pe_art - pe) // 2,
        art_teachers=pe_art - pe - (pe_art - pe) // 2,
        certified_teachers=teachers - rng.choice((0, 0, 0, 0, 1)),
        teaching_area=round(sum(s.figures["teaching_area"] for s in sections), 1),
        sports_area=round(sum(s.figures["sports_area"] for s in sections), 1),
        music_rooms=max(rooms - rng.choice((0, 0, 0, 1)), 0),
        art_rooms=rooms,
        equipment_value=round(sum(s.figures["equipment_value"] for s in sections), 2),
        multimedia_classrooms=int(sum(s.figures["multimedia_classrooms"] for s in sections)),
        extra=extra,
        simulated=True,
    )


#: (kind code, stage, name suffix, sections with their class-count range).
SCHOOL_KINDS = (
    ("P", "小学", "小学", (("小学", 6, 36),)),
    ("J", "初中", "中学", (("初中", 6, 30),)),
    ("N", "九年一贯制", "学校", (("小学", 6, 18), ("初中", 3, 12))),
    ("C", "完全中学", "中学", (("初中", 6, 18), ("高中", 6, 24))),
    ("T", "教学点", "教学点", (("小学", 1, 4),)),
)


def _names(rng: random.Random) -> list[str]:
    """Place names for a district's schools, shuffled."""
    names = list(_PLACES)
    rng.shuffle(names)
    return names


def _school_counts(rng: random.Random) -> dict[str, int]:
    """How many schools of each kind a district has (20–80 in all)."""
    return {
        "P": rng.randint(12, 40),
        "J": rng.randint(5, 16),
        "N": rng.randint(2, 8),
        "C": rng.randint(1, 5),
        "T": rng.randint(0, 3),
    }


def district_schools(region: str, *, seed: int, year: int) -> list[SchoolRecord]:
    """A district's primary, junior, combined schools and teaching points."""
    rng = random.Random(f"{seed}:schools:{region}")
    counts = _school_counts(rng)
    places = _names(rng)
    out: list[SchoolRecord] = []
    for code, stage, suffix, parts in SCHOOL_KINDS:
        for i in range(counts[code]):
            # The first two primary schools are one sure pass and one sure fail; the third is crowded.
            profile = ("strong", "weak")[i] if code == "P" and i < 2 else rng.choices(PROFILES, PROFILE_WEIGHTS)[0]
            crowded = (code == "P" and i == 2) or rng.random() < 0.12
            sections = [
                simulate_section(
                    s,
                    classes=rng.randint(lo, hi),
                    profile=profile,
                    crowded=crowded and code != "T",
                    rng=rng,
                    small=code == "T",
                )
                for s, lo, hi in parts
            ]
            place = places[(len(out)) % len(places)]
            number = "" if len(out) < len(places) else str(len(out) // len(places) + 1)
            name = f"{region}{place}{number}{suffix}"
            out.append(school_record(f"SIM-{region}-{code}{i + 1:03d}", name, region, year, stage, sections, rng))
    return out


# --- kindergartens ---------------------------------------------------------------------------


@functools.cache
def _kg_limit(grade: str) -> int:
    """The national class-size limit of a kindergarten grade, which demo classes are drawn around."""
    return int(class_size_limit(grade, load_standards()))


def _kindergarten_classes(rng: random.Random) -> list[tuple[str, int]]:
    """Grades and sizes: mostly within the grade's limit, now and then a few over."""
    count = rng.randint(3, 15)
    grades = (
        ["混合班"] * count
        if count <= 4 and rng.random() < 0.5
        else [KINDERGARTEN_GRADES[i % 3] for i in range(count)]
    )
    over = rng.random() < 0.25
    return [
        (g, _kg_limit(g) - rng.randint(0, 6) + (rng.randint(1, 6) if over and rng.random() < 0.4 else 0))
        for g in grades
    ]


def kindergarten_record(
    school_id: str, name: str, region: str, year: int, ownership: str, rng: random.Random
) -> SchoolRecord:
    """A kindergarten's record with its 普及普惠 figures in `extra`."""
    classes = _kindergarten_classes(rng)
    enrolment = sum(size for _, size in classes)
    teachers = math.ceil(enrolment / rng.uniform(9, 17))
    uncertified = rng.choice((0, 0, 1, 2)) if ownership == "private" else rng.choice((0, 0, 0, 1))
    area = rng.uniform(0.8, 1.6)
    extra: dict[str, float | str | None] = {
        "grades": ",".join(g for g, _ in classes),
        "principals": 1,
        "certified_principals": 1 if rng.random() < 0.92 else 0,
        "outdoor_area": round(4 * area * enrolment * rng.uniform(0.9, 1.1), 1),
        "activity_area": round(8.17 * area * enrolment, 1),
        "building_area": round(10.44 * area * enrolment * rng.uniform(0.95, 1.1), 1),
        "rating": rng.choices(("一级", "二级", "三级"), (2, 5, 3))[0],
    }
    return SchoolRecord(
        school_id=school_id,
        name=name,
        region=region,
        year=year,
        stage="幼儿园",
        ownership=ownership,
        enrolment=enrolment,
        classes=len(classes),
        class_sizes=[s for _, s in classes],
        teachers=teachers,
        certified_teachers=max(teachers - uncertified, 0),
        extra=extra,
        simulated=True,
    )


def district_kindergartens(region: str, *, seed: int, year: int) -> list[SchoolRecord]:
    """A district's 30–80 kindergartens, public, 普惠 and private."""
    rng = random.Random(f"{seed}:kindergartens:{region}")
    places = _names(rng)
    out: list[SchoolRecord] = []
    for i in range(rng.randint(30, 80)):
        ownership = rng.choices([o for o, _ in OWNERSHIP], [w for _, w in OWNERSHIP])[0]
        place = places[i % len(places)]
        brand = "" if ownership == "public" else rng.choice(_BRANDS)
        name = f"{region}{place}{brand}幼儿园" + ("" if i < len(places) else f"（{i // len(places) + 1}）")
        out.append(kindergarten_record(f"SIM-{region}-K{i + 1:03d}", name, region, year, ownership, rng))
    return out


def simulate_schools(regions: Sequence[str], *, seed: int = 2026, year: int = 2024) -> list[SchoolRecord]:
    """Seeded school and kindergarten records of each district (marked simulated)."""
    out: list[SchoolRecord] = []
    for region in regions:
        out.extend(district_schools(region, seed=seed, year=year))
        out.extend(district_kindergartens(region, seed=seed, year=year))
    return out
