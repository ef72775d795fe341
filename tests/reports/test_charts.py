"""Charts: PNG drawn with a CJK font; a clear Chinese error when there is none."""

from __future__ import annotations

import pytest

from eduplan.core.errors import ConfigError
from eduplan.reports import fonts
from eduplan.reports.model import ChartSpec, Series


def test_chart_is_a_png_drawn_with_a_cjk_font() -> None:
    from eduplan.reports.charts import _font_family, render_chart

    png = render_chart(ChartSpec("bar", "学前三年毛入园率", ("璧山区", "涪陵区"), (Series("入园率", (91.2, 93.0)),), unit="%"))
    assert png.startswith(b"\x89PNG")
    family = _font_family()
    assert any(name in family for name in ("WenQuanYi", "Droid", "Noto", "Source Han", "SimHei", "AR PL"))


def test_missing_font_is_refused_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDUPLAN_CJK_FONT", "/nonexistent/font.ttf")
    fonts.cjk_font.cache_clear()
    try:
        with pytest.raises(ConfigError, match="字体文件不存在"):
            fonts.cjk_font()
    finally:
        monkeypatch.delenv("EDUPLAN_CJK_FONT")
        fonts.cjk_font.cache_clear()


def test_no_font_at_all_names_the_package_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDUPLAN_CJK_FONT", raising=False)
    monkeypatch.setattr(fonts, "_installed", dict)
    fonts.cjk_font.cache_clear()
    try:
        with pytest.raises(ConfigError, match="fonts-wqy-microhei"):
            fonts.cjk_font()
    finally:
        fonts.cjk_font.cache_clear()
