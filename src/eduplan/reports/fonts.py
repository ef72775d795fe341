"""Finding fonts on this machine: a CJK font for charts, and the four faces of a 公文 (GB/T 9704).

Charts (matplotlib) use `cjk_font`: TrueType outlines first (文泉驿微米黑 …); `EDUPLAN_CJK_FONT`
may name a font file to use instead.

A 公文 sets its title in 小标宋, its body in 仿宋, first-level headings in 黑体 and second-level
ones in 楷体. Word users have these under standard names (方正小标宋简体, 仿宋_GB2312, 黑体,
楷体_GB2312), which the .docx names; the PDF embeds the best installed face of each role
(`official_face`). A face is only taken if it covers simplified characters: the cwTeX fonts Debian
ships (仿宋, 粗黑, 楷) are traditional-only and would print half of a report in fallback glyphs,
so without a simplified 仿宋 (仿宋_GB2312, SimFang, FandolFang) the body falls back to a Song face.
`fontconfig_aliases` writes the same choice for LibreOffice/WPS on Linux.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from eduplan.core.errors import ConfigError

# File names, best first; all hold TrueType outlines that reportlab can embed.
TRUETYPE_CANDIDATES = (
    "wqy-microhei.ttc", "wqy-zenhei.ttc", "DroidSansFallbackFull.ttf", "DroidSansFallback.ttf",
    "simhei.ttf", "simsun.ttc", "msyh.ttc", "uming.ttc", "ukai.ttc",
)
SEARCH_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol",
               str(Path.home() / ".fonts"), str(Path.home() / ".local/share/fonts"), "C:/Windows/Fonts",
               "/Library/Fonts", "/System/Library/Fonts")
INSTALL_HINT = "请安装中文字体（Debian/Ubuntu：apt-get install fonts-wqy-microhei），或用环境变量 EDUPLAN_CJK_FONT 指定字体文件"
#: Simplified characters every report prints; a face missing any of them is traditional-only.
SIMPLIFIED_PROBE = "区县规划发展报告进项经费学问题议责单会员业务这时为门"


@dataclass(frozen=True)
class CjkFont:
    """A CJK font file, the index of the face inside a .ttc, and its family name."""

    path: Path
    index: int
    family: str


@dataclass(frozen=True)
class Role:
    """A role of the 公文 typography: the name Word users know it by, and installed faces to use."""

    key: str
    standard: str  # the East-Asian font name written into the .docx
    label: str  # 小标宋 / 仿宋 / 黑体 / 楷体
    candidates: tuple[str, ...]  # file names, best first (a .ttc: its SC/CN face)


@dataclass(frozen=True)
class Face:
    """An installed face filling a role: file, face index, family name, whether its outlines are CFF."""

    role: str
    path: Path
    index: int
    family: str
    postscript: bool  # CFF outlines: converted to TrueType for the PDF (`embeddable_file`)
    weight: int = 400  # OS/2 weight class: 400 regular, 500 medium, 700 bold


ROLES = {r.key: r for r in (
    Role("title", "方正小标宋简体", "小标宋", ("FZXBSJW.TTF", "方正小标宋简体.ttf", "FZXiaoBiaoSong-B05S.ttf",
                                          "NotoSerifCJK-Bold.ttc", "SourceHanSerifSC-Bold.otf", "FandolSong-Bold.otf",
                                          "NotoSerifCJK-SemiBold.ttc", "uming.ttc")),
    Role("body", "仿宋_GB2312", "仿宋", ("仿宋_GB2312.ttf", "FangSong_GB2312.ttf", "simfang.ttf", "FandolFang-Regular.otf",
                                      "cwfs.ttf", "NotoSerifCJK-Regular.ttc", "SourceHanSerifSC-Regular.otf",
                                      "uming.ttc")),
    Role("heading", "黑体", "黑体", ("simhei.ttf", "NotoSansCJK-Medium.ttc", "SourceHanSansSC-Medium.otf",
                                  "FandolHei-Regular.otf", "cwheib.ttf", "wqy-zenhei.ttc", "wqy-microhei.ttc")),
    Role("kai", "楷体_GB2312", "楷体", ("楷体_GB2312.ttf", "KaiTi_GB2312.ttf", "simkai.ttf", "FandolKai-Regular.otf",
                                     "ukai.ttc", "cwkai.ttf", "gkai00mp.ttf")),
)}


@lru_cache(maxsize=1)
def cjk_font() -> CjkFont:
    """The CJK font to draw charts with; ConfigError (in Chinese) when there is none."""
    override = os.environ.get("EDUPLAN_CJK_FONT")
    if override:
        path = Path(override)
        if not path.is_file():
            raise ConfigError(f"EDUPLAN_CJK_FONT 指定的字体文件不存在：{override}")
        return CjkFont(path, 0, _family(path))
    for found in _candidates(TRUETYPE_CANDIDATES):
        return CjkFont(found, 0, _family(found))
    raise ConfigError(f"找不到可嵌入的中文字体，无法生成含图表的报告。{INSTALL_HINT}")


@lru_cache(maxsize=8)
def official_face(role: str) -> Face:
    """The best installed face for a role that covers simplified Chinese; ConfigError when none."""
    wanted = ROLES[role]
    for path in _candidates(wanted.candidates):
        face = _simplified_face(role, path)
        if face is not None:
            return face
    raise ConfigError(f"找不到可用于公文{wanted.label}的简体中文字体（{wanted.standard}）。请运行 scripts/setup.sh 安装 "
                      "fonts-noto-cjk、fonts-arphic-ukai 等字体软件包")


def _simplified_face(role: str, path: Path) -> Face | None:
    """The face of the file that covers the probe (a .ttc: the SC/CN one first), else None."""
    from fontTools.ttLib import TTCollection, TTFont

    try:
        faces = TTCollection(str(path), lazy=True).fonts if path.suffix.lower() == ".ttc" else [TTFont(str(path), lazy=True)]
    except Exception:  # noqa: BLE001 - an unreadable font file is skipped like a missing one
        return None
    ranked = sorted(range(len(faces)), key=lambda i: not _family_of(faces[i]).endswith((" SC", " CN")))
    for i in ranked:
        cmap = faces[i].getBestCmap() or {}
        if all(ord(ch) in cmap for ch in SIMPLIFIED_PROBE):
            weight = faces[i]["OS/2"].usWeightClass if "OS/2" in faces[i] else 400
            return Face(role, path, i, _family_of(faces[i]), "CFF " in faces[i] or "CFF2" in faces[i], weight)
    return None


def _family_of(font: object) -> str:
    name = font["name"]  # type: ignore[index]
    return str(name.getDebugName(16) or name.getDebugName(1) or "")


def embeddable_file(face: Face, text: str) -> tuple[Path, int]:
    """A TrueType file reportlab can embed for `text`: the face itself, or (CFF outlines) a subset
    of it converted to quadratic outlines, cached in the temporary folder by face and characters."""
    if not face.postscript:
        return face.path, face.index
    chars = "".join(sorted(set(text) | set("0123456789")))
    digest = hashlib.sha1(f"v2:{face.path}:{face.index}:{chars}".encode()).hexdigest()[:16]  # v2: renamed subsets
    target = Path(tempfile.gettempdir()) / "eduplan-fonts" / f"{face.role}-{digest}.ttf"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.part")
        font = _quadratic_subset(face, chars)
        _rename(font, digest)
        font.save(str(partial))
        partial.replace(target)
    return target, 0


def _rename(font: Any, digest: str) -> None:
    """A PostScript name of its own for a subset: reportlab keeps the first font registered under a
    face name and would print a later report with an earlier report's subset (its characters missing)."""
    table = font["name"]
    base = str(table.getDebugName(6) or "EduplanFace").split("-")[0]
    for record in list(table.names):
        if record.nameID == 6:
            table.setName(f"{base}-{digest}", 6, record.platformID, record.platEncID, record.langID)


def _quadratic_subset(face: Face, chars: str) -> Any:
    """The face cut down to `chars` with its cubic (CFF) outlines turned into TrueType ones."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTCollection, TTFont, newTable

    if face.path.suffix.lower() == ".ttc":  # lazy: only the tables and glyphs used are parsed (half the time)
        font = TTCollection(str(face.path), lazy=True).fonts[face.index]
    else:
        font = TTFont(str(face.path), lazy=True)
    options = subset.Options()
    # hints kept: removing them costs more than the whole conversion, and the TrueType outlines drop them anyway
    options.layout_features, options.name_IDs, options.notdef_outline, options.hinting = [], ["*"], True, True
    cutter = subset.Subsetter(options)
    cutter.populate(text=chars)
    cutter.subset(font)
    order, glyphs = font.getGlyphOrder(), font.getGlyphSet()
    quadratic = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        quadratic[name] = pen.glyph()
    font["loca"], font["glyf"] = newTable("loca"), newTable("glyf")
    font["glyf"].glyphOrder, font["glyf"].glyphs = order, quadratic
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font["glyf"].compile(font)
    for name, glyph in quadratic.items():
        width, _ = font["hmtx"].metrics[name]
        font["hmtx"].metrics[name] = (width, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 3.0, [], {}
    font.sfntVersion = "\x00\x01\x00\x00"
    return font


FC_WEIGHTS = {400: 80, 500: 100, 600: 180, 700: 200, 900: 210}  # OS/2 weight class → fontconfig weight


def fontconfig_aliases() -> str:
    """A fontconfig file mapping the standard names of the .docx to the faces the PDF uses
    (for LibreOffice/WPS on Linux: put it in ~/.config/fontconfig/conf.d/ or FONTCONFIG_FILE)."""
    rules = []
    for role in ROLES.values():
        face = official_face(role.key)
        weight = FC_WEIGHTS[min(FC_WEIGHTS, key=lambda w: abs(w - face.weight))]
        heavier = (f'<edit name="weight" mode="assign" binding="strong"><int>{weight}</int></edit>'
                   if face.weight > 400 else "")  # a heavy face chosen for its role (小标宋, 黑体)
        rules.append(f'  <match target="pattern"><test name="family"><string>{escape(role.standard)}</string></test>'
                     f'<edit name="family" mode="prepend" binding="strong"><string>{escape(face.family)}</string></edit>'
                     f"{heavier}</match>")
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n' + "\n".join(rules) + "\n</fontconfig>\n")


def _candidates(names: tuple[str, ...]) -> list[Path]:
    """Installed files among the candidates, in the candidates' order."""
    found = _installed()
    return [found[n] for n in names if n in found]


@lru_cache(maxsize=1)
def _installed() -> dict[str, Path]:
    """Every font file under the search folders, by file name (the first found)."""
    found: dict[str, Path] = {}
    for root in SEARCH_DIRS:
        if not os.path.isdir(root):
            continue
        for dirpath, _, files in os.walk(root):
            for name in files:
                found.setdefault(name, Path(dirpath) / name)
    return found


def _family(path: Path) -> str:
    """The family name matplotlib knows the file by."""
    from matplotlib import font_manager

    try:
        return font_manager.FontProperties(fname=str(path)).get_name()
    except (OSError, RuntimeError) as exc:
        raise ConfigError(f"中文字体文件无法读取：{path}（{exc}）") from exc
