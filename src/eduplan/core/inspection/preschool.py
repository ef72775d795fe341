"""学前教育普及普惠 inspection for a region: coverage, class sizes, teachers, funding, facilities.

Thresholds come from the standards set (keys `preschool.*`). A kindergarten is a
`SchoolRecord` (stage 幼儿园; ownership public / 普惠 / private) wrapped in `Kindergarten`,
which adds what the record lacks: each class's age grade, the principals and the three areas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from eduplan.core.inspection.items import ItemResult, limit_item, rate_item, shortfall
from eduplan.core.inspection.standards import StandardsSet
from eduplan.core.plan import SchoolRecord

PUBLIC = frozenset({"public", "公办"})
INCLUSIVE_PRIVATE = frozenset({"普惠", "inclusive", "普惠性民办"})
GRADES = {"小班": "small", "中班": "middle", "大班": "large", "混合班": "mixed"}
AREAS = (("outdoor_area", "preschool.outdoor_area_per_child"),
         ("activity_area", "preschool.activity_area_per_child"),
         ("building_area", "preschool.building_area_per_child"))


@dataclass(frozen=True)
class KindergartenClass:
    """One class of a kindergarten: its age grade (小班/中班/大班/混合班, or "" if unknown) and size."""

    grade: str
    size: int


@dataclass(frozen=True)
class Kindergarten:
    """A kindergarten's record plus the figures 普及普惠 needs that `SchoolRecord` lacks.

    Without `classes`, `record.class_sizes` is used with unknown grades (judged against
    `preschool.class_size.default`).
    """

    record: SchoolRecord
    classes: tuple[KindergartenClass, ...] = ()
    principals: int = 1
    certified_principals: int | None = None  # None: not reported
    outdoor_area: float | None = None  # m², 室外游戏场地
    activity_area: float | None = None  # m², 幼儿活动用房
    building_area: float | None = None  # m², 建筑面积

    @property
    def design_year(self) -> int | None:
        """The year the kindergarten was designed (`extra["design_year"]`), None when not given."""
        value = self.record.extra.get("design_year")
        return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

    @property
    def class_list(self) -> tuple[KindergartenClass, ...]:
        """The classes, falling back to the record's sizes without grades."""
        return self.classes or tuple(KindergartenClass("", s) for s in self.record.class_sizes)

    @property
    def is_public(self) -> bool:
        """公办园."""
        return self.record.ownership in PUBLIC

    @property
    def is_inclusive(self) -> bool:
        """普惠性幼儿园: 公办园 or 普惠性民办园."""
        return self.is_public or self.record.ownership in INCLUSIVE_PRIVATE


@dataclass(frozen=True)
class PreschoolFigures:
    """Region-level figures the kindergartens do not carry; None where not reported."""

    population_3_5: float | None = None  # 3–5 岁常住人口
    enrolled: int | None = None  # 在园幼儿 (default: the kindergartens' enrolment)
    public_funding_per_child: float | None = None  # 公办园生均公用经费, 元/生·年
    inclusive_subsidy_per_child: float | None = None  # 普惠性民办园生均补助, 元/生·年
    non_establishment_pay: float | None = None  # 公办园非在编教师平均工资, 元
    establishment_pay: float | None = None  # 在编教师平均工资, 元
    recognition: float | None = None  # 社会认可度, %


@dataclass(frozen=True)
class KindergartenResult:
    """One kindergarten's own items (class sizes, teachers, areas)."""

    name: str
    items: tuple[ItemResult, ...]

    @property
    def passed(self) -> bool:
        """No item decidedly failed."""
        return all(i.met is not False for i in self.items)


@dataclass(frozen=True)
class PreschoolAssessment:
    """A region's 普及普惠 items and the per-kindergarten detail behind them."""

    region: str
    items: tuple[ItemResult, ...]
    kindergartens: tuple[KindergartenResult, ...]
    standards: str = ""

    @property
    def passed(self) -> bool | None:
        """All region items met; None when one with a set standard lacks data."""
        judged = [i for i in self.items if i.standard is not None]  # unset standards only inform
        if any(i.met is False for i in judged):
            return False
        return None if any(i.met is None for i in judged) else True


def class_size_limit(grade: str, standards: StandardsSet) -> float:
    """The class-size limit of an age grade (unknown grades: the configured default)."""
    return standards.number(f"preschool.class_size.{GRADES.get(grade, 'default')}")


def compliant_classes(kindergarten: Kindergarten, standards: StandardsSet) -> tuple[int, int]:
    """(classes within their grade's limit, classes with a size)."""
    classes = kindergarten.class_list
    ok = sum(1 for c in classes if c.size <= class_size_limit(c.grade, standards))
    return ok, len(classes)


def class_size_item(kindergarten: Kindergarten, standards: StandardsSet) -> ItemResult:
    """A kindergarten's classes over their grade's limit (the gap is that number of classes)."""
    ok, total = compliant_classes(kindergarten, standards)
    std = standards.item("preschool.class_size_compliance")
    over = total - ok
    limits = "、".join(f"{g}{class_size_limit(g, standards):g}人" for g in GRADES)
    message = "" if not over else f"{kindergarten.record.name}：{total}个班中{over}个超过班额标准（{limits}）"
    return ItemResult("preschool.class_size", "幼儿园班额", kindergarten.record.name, ok * 100 / total,
                      100.0, ">=", "%", over == 0, float(over), "个班", message, std.confidence)


def teacher_item(subject: str, children: float, teachers: float, standards: StandardsSet) -> ItemResult:
    """在园幼儿 per 专任教师 against the limit; the gap in teachers."""
    key = "preschool.children_per_teacher"
    value = children / teachers if teachers else (None if not children else float("inf"))
    gap = shortfall(1 / standards.number(key), children, 1, teachers, True) if children else 0.0
    return limit_item(standards, key, subject, value, gap=gap, gap_unit="名专任教师",
                      detail=f"按在园幼儿{children:g}人计还需{gap:g}名专任教师")


def area_items(kindergarten: Kindergarten, standards: StandardsSet) -> list[ItemResult]:
    """生均室外游戏场地、活动用房、建筑面积, where the kindergarten reports them."""
    children = kindergarten.record.enrolment
    out: list[ItemResult] = []
    for attr, key in AREAS:
        area = getattr(kindergarten, attr)
        if area is None or children <= 0:
            continue
        gap = shortfall(standards.number(key), children, 1, area, False)
        out.append(limit_item(standards, key, kindergarten.record.name, area / children,
                              gap=gap, gap_unit="平方米", detail=f"还需{gap:g}平方米"))
    return out


def assess_kindergarten(kindergarten: Kindergarten, standards: StandardsSet) -> KindergartenResult:
    """A kindergarten's class sizes, teacher ratio and areas."""
    record = kindergarten.record
    items: list[ItemResult] = []
    if kindergarten.class_list:
        items.append(class_size_item(kindergarten, standards))
    if record.enrolment > 0:
        items.append(teacher_item(record.name, record.enrolment, record.teachers, standards))
    items.extend(area_items(kindergarten, standards))
    return KindergartenResult(record.name, tuple(items))


def kindergarten_item(kindergarten: Kindergarten, standards: StandardsSet, pos: int) -> ItemResult:
    """`assess_kindergarten(…).items[pos]`, judging only that item."""
    record = kindergarten.record
    if kindergarten.class_list:
        if pos == 0:
            return class_size_item(kindergarten, standards)
        pos -= 1
    if record.enrolment > 0:
        if pos == 0:
            return teacher_item(record.name, record.enrolment, record.teachers, standards)
        pos -= 1
    return area_items(kindergarten, standards)[pos]


@dataclass(frozen=True)
class KindergartenTotals:
    """What the region items of 普及普惠 need from a region's kindergartens: sums, and per area and design
    group the kindergartens judged and those meeting it (`facilities`: (attr, "new"/"old", met, judged),
    groups with none left out), the names of the undated ones that report an area."""

    enrolment: int
    inclusive_enrolment: int
    public_enrolment: int
    compliant_classes: int
    sized_classes: int
    teachers: int
    certified: int  # certified teachers, and certified principals where reported
    staff: int  # teachers, and principals where certified principals are reported
    inclusive_private: bool  # a 普惠性民办园 among them
    facilities: tuple[tuple[str, str, int, int], ...]
    undated: tuple[str, ...]


def kindergarten_totals(kgs: Sequence[Kindergarten], standards: StandardsSet) -> KindergartenTotals:
    """The totals of kindergartens already judged one by one."""
    counts = [compliant_classes(k, standards) for k in kgs]
    reported = [k for k in kgs if k.certified_principals is not None]
    since = standards.number("preschool.facilities.new_design_year")
    reporting = [k for k in kgs if any(getattr(k, attr) is not None for attr, _ in AREAS)]
    facilities: list[tuple[str, str, int, int]] = []
    for attr, key in AREAS:
        for group in ("new", "old"):
            members = [k for k in reporting if getattr(k, attr) is not None and k.design_year is not None
                       and (k.design_year >= since) == (group == "new")]
            if members:
                facilities.append((attr, group, sum(1 for k in members if _area_met(k, attr, key, standards)),
                                   len(members)))
    return KindergartenTotals(
        enrolment=sum(k.record.enrolment for k in kgs),
        inclusive_enrolment=sum(k.record.enrolment for k in kgs if k.is_inclusive),
        public_enrolment=sum(k.record.enrolment for k in kgs if k.is_public),
        compliant_classes=sum(c[0] for c in counts), sized_classes=sum(c[1] for c in counts),
        teachers=sum(k.record.teachers for k in kgs),
        certified=sum(k.record.certified_teachers for k in kgs) + sum(k.certified_principals or 0 for k in reported),
        staff=sum(k.record.teachers for k in kgs) + sum(k.principals for k in reported),
        inclusive_private=any(k.is_inclusive and not k.is_public for k in kgs),
        facilities=tuple(facilities), undated=tuple(k.record.name for k in reporting if k.design_year is None))


def region_items(totals: KindergartenTotals, figures: PreschoolFigures, standards: StandardsSet,
                 region: str) -> list[ItemResult]:
    """The region items of 普及普惠, in order: coverage, staff, funding, facilities."""
    return [*_coverage_items(totals, figures, standards, region), *_staff_items(totals, standards, region),
            *_funding_items(totals, figures, standards, region), *_facility_items(totals, standards, region)]


def _coverage_items(totals: KindergartenTotals, figures: PreschoolFigures, standards: StandardsSet,
                    region: str) -> list[ItemResult]:
    """毛入园率, 普惠性幼儿园覆盖率, 公办园在园幼儿占比."""
    total = totals.enrolment
    enrolled = figures.enrolled if figures.enrolled is not None else total
    return [
        rate_item(standards, "preschool.gross_enrolment_rate", region, numerator=enrolled,
                  denominator=figures.population_3_5, gap_unit="名在园幼儿（学位）"),
        rate_item(standards, "preschool.inclusive_coverage", region, numerator=totals.inclusive_enrolment,
                  denominator=total, gap_unit="个普惠性学位"),
        rate_item(standards, "preschool.public_share", region, numerator=totals.public_enrolment,
                  denominator=total, gap_unit="个公办园学位"),
    ]


def _staff_items(totals: KindergartenTotals, standards: StandardsSet, region: str) -> list[ItemResult]:
    """班额达标率, 师幼比, 园长和专任教师持证上岗率 over the region."""
    return [
        rate_item(standards, "preschool.class_size_compliance", region, numerator=totals.compliant_classes,
                  denominator=totals.sized_classes, gap_unit="个班（需降至标准班额）"),
        teacher_item(region, totals.enrolment, totals.teachers, standards),
        rate_item(standards, "preschool.certified_share", region, numerator=totals.certified,
                  denominator=totals.staff, gap_unit="名持证园长、教师"),
    ]


def _funding_items(totals: KindergartenTotals, figures: PreschoolFigures, standards: StandardsSet,
                   region: str) -> list[ItemResult]:
    """公办园生均公用经费 and 普惠性民办园生均补助 (both required), 非在编教师工资比, 社会认可度."""
    pay = (None if figures.non_establishment_pay is None or not figures.establishment_pay
           else figures.non_establishment_pay * 100 / figures.establishment_pay)
    money = [("preschool.public_funding_per_child", figures.public_funding_per_child)]
    if figures.inclusive_subsidy_per_child is not None or totals.inclusive_private:
        money.append(("preschool.inclusive_subsidy_per_child", figures.inclusive_subsidy_per_child))
    return [
        *(limit_item(standards, key, region, value, gap=_yuan_gap(standards, key, value), gap_unit="元/生·年")
          for key, value in money),
        rate_item(standards, "preschool.non_establishment_pay_ratio", region, value=pay),
        rate_item(standards, "preschool.recognition", region, value=figures.recognition),
    ]


def _yuan_gap(standards: StandardsSet, key: str, value: float | None) -> float:
    """元 per child a year missing to reach the standard under `key`."""
    return 0.0 if value is None else max(standards.number(key) - value, 0.0)


def _facility_items(totals: KindergartenTotals, standards: StandardsSet, region: str) -> list[ItemResult]:
    """园舍: each of the three areas met by every kindergarten designed from the configured year on and
    by the required share of those designed before; an undated kindergarten leaves them undecided."""
    since = standards.number("preschool.facilities.new_design_year")
    keys = dict(AREAS)
    out: list[ItemResult] = []
    for attr, group, ok, members in totals.facilities:
        name = standards.item(keys[attr]).name
        label = f"{since:g}年及以后设计" if group == "new" else f"{since:g}年以前设计"
        item = rate_item(standards, f"preschool.facilities.required_share.{group}", region, numerator=ok,
                         denominator=members, gap_unit="所幼儿园")
        title = f"{name}达标的幼儿园比例（{label}）"
        out.append(replace(item, key=f"preschool.facilities.{attr}.{group}", name=title,
                           message=item.message.replace(item.name, title) if item.message else ""))
    if totals.undated:
        undated = totals.undated
        std = standards.item("preschool.facilities.new_design_year")
        out.append(ItemResult("preschool.facilities.design_year", "幼儿园设计年份", region, None, 100.0, ">=", "%",
                              None, message=(f"{region}：{len(undated)}所幼儿园未填设计年份，无法分{since:g}年前后"
                                             f"判定园舍面积：{'、'.join(undated[:10])}"), confidence=std.confidence))
    return out


def _area_met(kindergarten: Kindergarten, attr: str, key: str, standards: StandardsSet) -> bool:
    """Whether a kindergarten's area per child reaches the standard under `key`."""
    area, children = getattr(kindergarten, attr), kindergarten.record.enrolment
    return children > 0 and area / children >= standards.number(key)


def assess_preschool(
    kindergartens: Sequence[Kindergarten], figures: PreschoolFigures, standards: StandardsSet,
    *, region: str = "",
) -> PreschoolAssessment:
    """The 普及普惠 items of a region, each with its gap, and the per-kindergarten detail."""
    region = region or (kindergartens[0].record.region if kindergartens else "")
    results = tuple(assess_kindergarten(k, standards) for k in kindergartens)
    items = tuple(region_items(kindergarten_totals(kindergartens, standards), figures, standards, region))
    return PreschoolAssessment(region, items, results, standards.label)


KINDERGARTEN_GRADES = tuple(GRADES)  # 小班, 中班, 大班, 混合班: the one grade table


def as_kindergarten(record: SchoolRecord) -> Kindergarten:
    """The `Kindergarten` a kindergarten's school record stands for (grades and areas from `extra`)."""
    grades = str(record.extra.get("grades") or "").split(",")
    classes = tuple(
        KindergartenClass(g if g in KINDERGARTEN_GRADES else "", s) for g, s in zip(grades, record.class_sizes, strict=False)
    )

    def number(key: str) -> float | None:
        value = record.extra.get(key)
        return float(value) if isinstance(value, int | float) else None

    certified = number("certified_principals")
    return Kindergarten(
        record,
        classes,
        principals=int(number("principals") or 1),
        certified_principals=None if certified is None else int(certified),
        outdoor_area=number("outdoor_area"),
        activity_area=number("activity_area"),
        building_area=number("building_area"),
    )
