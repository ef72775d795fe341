"""The yearly workbook through the services: the template shows what is stored, and an import refuses to
replace a value that changed after the download (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import Collection
from eduplan.core.plan import Observation
from eduplan.services.collection import collection_template, import_workbook, store_records
from eduplan.store.records import load_observations
from tests.services.conftest import FULING, RATE


def _store(session: Session, value: float, year: int = 2024) -> None:
    store_records(session=session, collection=Collection(observations=[Observation(RATE, FULING, year, value)]),
                  source="统计年报", actor="王五")


def _fill(template: Path, value: float) -> Path:
    wb = load_workbook(template)
    ws = wb["指标"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 3).value == RATE)
    ws.cell(row, header.index("本年值（2024年）") + 1).value = value
    out = template.with_name("filled.xlsx")
    wb.save(out)
    return out


def test_a_template_filled_after_someone_changed_a_value_is_refused_whole(db_plans: Session, tmp_path: Path) -> None:
    _store(db_plans, 92.0, 2023)
    _store(db_plans, 93.5)
    template = collection_template(session=db_plans, region=FULING, year=2024, dest=tmp_path / "t.xlsx")
    ws = load_workbook(template)["指标"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[2] == RATE)
    assert (row[header.index("上年值（2023年）")], row[header.index("已存值（2024年）")]) == (92.0, 93.5)

    filled = _fill(template, 94.0)
    _store(db_plans, 93.8)  # someone corrects the value after the download
    outcome = import_workbook(session=db_plans, paths=[filled], entered_by="fuling", region=FULING)
    assert outcome.stored is None
    assert [i.code for i in outcome.result.errors] == ["stored-value-changed"]
    assert [o.value for o in load_observations(db_plans, region=FULING) if o.year == 2024] == [93.8]


def test_the_same_workbook_imported_twice_stores_once_and_then_changes_nothing(db_plans: Session,
                                                                              tmp_path: Path) -> None:
    filled = _fill(collection_template(session=db_plans, region=FULING, year=2024, dest=tmp_path / "t.xlsx"), 94.0)
    first = import_workbook(session=db_plans, paths=[filled], entered_by="fuling", region=FULING)
    again = import_workbook(session=db_plans, paths=[filled], entered_by="fuling", region=FULING)
    assert first.stored is not None and first.stored.observations.inserted == 1
    assert again.stored is not None and not again.stored.changed
