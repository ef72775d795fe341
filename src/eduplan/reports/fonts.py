"""Finding a CJK font on this machine, for charts (matplotlib) and PDF embedding (reportlab).

reportlab embeds TrueType outlines only, so fonts with TrueType glyphs (文泉驿微米黑, 文泉驿正黑,
Droid Sans Fallback, SimHei …) come first; Noto/Source Han CJK (CFF outlines) can still draw charts.
`EDUPLAN_CJK_FONT` may name a font file to use instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eduplan.core.errors import ConfigError

# File names, best first; all hold TrueType outlines that reportlab can embed.
TRUETYPE_CANDIDATES = (
    "wqy-microhei.ttc", "wqy-zenhei.ttc", "DroidSansFallbackFull.ttf", "DroidSansFallback.ttf",
    "simhei.ttf", "simsun.ttc", "msyh.ttc", "uming.ttc", "ukai.ttc",
)
SEARCH_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"),
               str(Path.home() / ".local/share/fonts"), "C:/Windows/Fonts", "/Library/Fonts",
               "/System/Library/Fonts")
INSTALL_HINT = "请安装中文字体（Debian/Ubuntu：apt-get install fonts-wqy-microhei），或用环境变量 EDUPLAN_CJK_FONT 指定字体文件"


@dataclass(frozen=True)
class CjkFont:
    """A CJK font file, the index of the face inside a .ttc, and its family name."""

    path: Path
    index: int
    family: str


@lru_cache(maxsize=1)
def cjk_font() -> CjkFont:
    """The CJK font to draw and embed with; ConfigError (in Chinese) when there is none."""
    override = os.environ.get("EDUPLAN_CJK_FONT")
    if override:
        path = Path(override)
        if not path.is_file():
            raise ConfigError(f"EDUPLAN_CJK_FONT 指定的字体文件不存在：{override}")
        return CjkFont(path, 0, _family(path))
    for found in _candidates():
        return CjkFont(found, 0, _family(found))
    raise ConfigError(f"找不到可嵌入的中文字体，无法生成含图表的报告。{INSTALL_HINT}")


def _candidates() -> list[Path]:
    """Installed files among the candidates, in the candidates' order."""
    found: dict[str, Path] = {}
    for root in SEARCH_DIRS:
        if not os.path.isdir(root):
            continue
        for dirpath, _, files in os.walk(root):
            for name in files:
                if name in TRUETYPE_CANDIDATES and name not in found:
                    found[name] = Path(dirpath) / name
    return [found[n] for n in TRUETYPE_CANDIDATES if n in found]


def _family(path: Path) -> str:
    """The family name matplotlib knows the file by."""
    from matplotlib import font_manager

    try:
        return font_manager.FontProperties(fname=str(path)).get_name()
    except (OSError, RuntimeError) as exc:
        raise ConfigError(f"中文字体文件无法读取：{path}（{exc}）") from exc
