"""Run every benchmark and print its figures: `.venv/bin/python -m benchmarks [name …]`."""

from __future__ import annotations

import sys

from benchmarks import extraction, imports, inspection, national, pass_plan, progress, replica, reports, web_load

BENCHMARKS = {"extraction": extraction.main, "progress": progress.main,
              "inspection": inspection.main, "pass_plan": pass_plan.main, "imports": imports.main, "reports": reports.main,
              "web_load": web_load.main, "national": national.main, "replica": replica.main}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    for name in names:
        if name not in BENCHMARKS:
            print(f"未知的基准测试：{name}（可选：{', '.join(BENCHMARKS)}）", file=sys.stderr)
            return 2
        print(f"== {name}")
        BENCHMARKS[name]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
