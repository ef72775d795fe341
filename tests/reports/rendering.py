"""Rendering written reports the way a reader sees them: .docx through LibreOffice, PDF pages to PNG.

LibreOffice runs headless with its own profile and a fontconfig file that maps the .docx's standard
font names (仿宋_GB2312 …) to the installed faces (`fonts.fontconfig_aliases`), as a Linux desk would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from eduplan.reports.fonts import fontconfig_aliases


def need(tool: str, package: str) -> str:
    """The tool's path, or skip the test naming the Debian package that provides it."""
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"未安装 {tool}（Debian 软件包 {package}），跳过渲染检查")
    return found


def font_environment(folder: Path) -> dict[str, str]:
    """The environment with FONTCONFIG_FILE pointing at the report font aliases."""
    conf = folder / "fonts.conf"
    conf.write_text(fontconfig_aliases(), encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(folder)}


def docx_to_pdf(docx: Path, folder: Path) -> Path:
    """The .docx converted to PDF by LibreOffice headless (as WPS/LibreOffice users would print it)."""
    soffice = need("soffice", "libreoffice-writer")
    folder.mkdir(parents=True, exist_ok=True)
    profile = (folder / "lo-profile").resolve()
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                   check=True, timeout=240, env=font_environment(folder), capture_output=True)
    out = folder / (docx.stem + ".pdf")
    assert out.exists(), f"LibreOffice 未生成 {out}"
    return out


def pdf_pages_to_png(pdf: Path, prefix: Path, *, dpi: int = 60, first: int | None = None,
                     last: int | None = None) -> list[Path]:
    """The PDF's pages as PNG files `prefix-N.png` (old ones removed first)."""
    tool = need("pdftoppm", "poppler-utils")
    prefix.parent.mkdir(parents=True, exist_ok=True)
    for old in prefix.parent.glob(prefix.name + "-*.png"):
        old.unlink()
    args = [tool, "-r", str(dpi), "-png"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    subprocess.run([*args, str(pdf), str(prefix)], check=True, timeout=240)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


def pdf_fonts(pdf: Path) -> list[dict[str, str]]:
    """`pdffonts` rows: name, type, emb (yes/no)."""
    tool = need("pdffonts", "poppler-utils")
    lines = subprocess.run([tool, str(pdf)], check=True, capture_output=True, text=True, timeout=60).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        parts = line.split()
        if len(parts) >= 7:
            rows.append({"name": parts[0], "emb": parts[-5], "line": line})
    return rows


def pdf_page_texts(pdf: Path) -> list[str]:
    """Each page's text (pdftotext, reading order)."""
    tool = need("pdftotext", "poppler-utils")
    text = subprocess.run([tool, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
