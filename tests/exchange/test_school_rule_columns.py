"""Columns the corrected inspection rules read: a kindergarten's 园舍设计年份, a 学部 row's own music
and art rooms (split from the rooms the parts share)."""

from __future__ import annotations

from pathlib import Path

from eduplan.core.inspection.guarantee import CountyFigures, assess_guarantee
from eduplan.core.inspection.preschool import as_kindergarten
from eduplan.data.standards_sets import load_standards
from eduplan.exchange.schools import read_school_records
from eduplan.exchange.workbook import read_workbook
from tests.exchange.test_schools import GOOD_ROWS, school_workbook


def test_a_kindergarten_design_year_is_read_into_the_record(tmp_path: Path) -> None:
    row = {**GOOD_ROWS[-1], "园舍设计年份": 2019}
    (kg,) = read_school_records(read_workbook(school_workbook(tmp_path, [row]))).records or []
    assert kg.extra["design_year"] == 2019 and as_kindergarten(kg).design_year == 2019


def test_a_section_row_gives_its_own_special_rooms(tmp_path: Path) -> None:
    # 丁学校: 小学部 14 classes (needs 2 rooms), 初中部 8 (needs 1) and 2 music rooms in all, the
    # 初中部 row naming 1 as its own: the 小学部 is left the other 1 room, short of 2.
    rows = [*GOOD_ROWS[3:5], {**GOOD_ROWS[5], "音乐专用教室": 1}]
    (school,) = read_school_records(read_workbook(school_workbook(tmp_path, rows))).records or []
    assert school.extra["初中.music_rooms"] == 1 and "小学.music_rooms" not in school.extra
    items = {(i.key, i.subject): i for i in assess_guarantee([school], CountyFigures(), load_standards())}
    junior = items[("balance.gov.classes_per_special_room.music", "丁学校（初中）")]
    primary = items[("balance.gov.classes_per_special_room.music", "丁学校（小学）")]
    assert junior.met is True and (primary.met, primary.value) == (False, 1.0)
