"""Refresh the demo's bundled facts from the sample plans: `.venv/bin/python scripts/bundle_demo_facts.py`.

Writes src/eduplan/data/demo/<file>.json: each plan as extracted, without its prose
(`facts_only`), for machines where ../shared/plans is absent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from eduplan.core.interchange import plan_to_dict
from eduplan.demo.build import facts_only
from eduplan.services.documents import extract_file

REPO = Path(__file__).resolve().parents[1]
PLANS = REPO.parent / "shared" / "plans"
OUT = REPO / "src" / "eduplan" / "data" / "demo"


def main() -> int:
    files = sorted(PLANS.glob("*.txt"))
    if not files:
        print(f"未找到示例规划：{PLANS}", file=sys.stderr)
        return 2
    for old in OUT.glob("*.json"):
        old.unlink()
    for path in files:
        data = plan_to_dict(facts_only(extract_file(path=path)))
        data["plan"]["source_sha256"] = None
        target = OUT / f"{path.stem}.json"
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{target.relative_to(REPO)}：{data['plan']['region']}，指标 {len(data['indicators'])} 项")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
