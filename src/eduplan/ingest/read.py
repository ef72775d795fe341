"""Read a plan document (.txt, .docx, .pdf) into numbered lines of text.

Every extractor works on a `Document`: a list of lines whose 1-based numbers are the
`source.line` of what is extracted. A real Word table row becomes one line of cells
separated by " | ", the pipe layout the table readers already understand.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from eduplan.core.errors import InputError, Location

SUPPORTED_SUFFIXES = (".txt", ".text", ".docx", ".pdf")
CELL_SEPARATOR = " | "

_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\ufeff]")


@dataclass(frozen=True)
class Document:
    """A document as numbered lines; `lines[n - 1]` is line n."""

    lines: tuple[str, ...]
    file: str | None = None
    sha256: str | None = None

    def line(self, number: int) -> str:
        """Line `number` (1-based)."""
        return self.lines[number - 1]

    @property
    def text(self) -> str:
        """The whole text, lines joined by newlines."""
        return "\n".join(self.lines)


def clean_line(line: str) -> str:
    """Remove conversion noise that carries no meaning: Word bookmarks, control characters.

    Tabs are kept: a TAB-prefixed line is a table cell in some layouts.
    """
    line = _BOOKMARK_RE.sub("", line)
    line = _CONTROL_RE.sub("", line)
    return line.replace("\u3000", " ").replace("\xa0", " ").rstrip()


def decode_text(data: bytes, *, file: str | None = None) -> str:
    """Decode plain text, detecting UTF-8 (with or without BOM), UTF-16 or GB18030/GBK."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise InputError("不是文本文件（含有二进制内容），请提供 .txt、.docx 或 .pdf 格式的规划文本",
                         location=Location(file=file))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise InputError("无法识别文件编码（既不是 UTF-8，也不是 GB18030/GBK）",
                         location=Location(file=file, line=line)) from None
    # GB18030 decodes almost any byte string; insist the result looks like Chinese text.
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    odd = sum(1 for ch in text if not (ch.isprintable() or ch in "\r\n\t"))
    if han == 0 or odd > len(text) * 0.01:
        raise InputError("无法识别文件编码，或文件不是文本", location=Location(file=file))
    return text


def lines_from_text(text: str) -> list[str]:
    """Split text into cleaned lines (universal newlines)."""
    return [clean_line(line) for line in text.splitlines()]


def _docx_lines(data: bytes, file: str | None) -> list[str]:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise InputError("缺少 python-docx，无法读取 .docx 文件") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for a bad file
        raise InputError(f"无法打开 Word 文档（{type(exc).__name__}）", location=Location(file=file)) from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(Paragraph(child, document).text.splitlines() or [""])
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                previous = None
                for cell in row.cells:
                    # A merged cell repeats in every grid column it spans; keep it once.
                    if previous is not None and cell._tc is previous:
                        continue
                    previous = cell._tc
                    cells.append(" ".join(cell.text.split()))
                lines.append(CELL_SEPARATOR.join(cells))
    return [clean_line(line) for line in lines]


def _pdf_lines(data: bytes, file: str | None) -> list[str]:
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise InputError("缺少 pypdf，无法读取 .pdf 文件") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many types for a damaged file
        raise InputError(f"无法读取 PDF 文件（{type(exc).__name__}）", location=Location(file=file)) from None
    text = "\n".join(pages)
    if not text.strip():
        raise InputError("PDF 没有文字层（可能是扫描件），请先进行文字识别（OCR）", location=Location(file=file))
    return lines_from_text(text)


def read_bytes(data: bytes, *, suffix: str, file: str | None = None) -> Document:
    """Read a document given as bytes and its file suffix (".txt", ".docx", ".pdf")."""
    suffix = suffix.lower()
    if not data.strip():
        raise InputError("文件为空", location=Location(file=file))
    if suffix in (".txt", ".text", ""):
        lines = lines_from_text(decode_text(data, file=file))
    elif suffix == ".docx":
        lines = _docx_lines(data, file)
    elif suffix == ".pdf":
        lines = _pdf_lines(data, file)
    else:
        raise InputError(f"不支持的文件类型“{suffix}”，请提供 .txt、.docx 或 .pdf 文件",
                         location=Location(file=file))
    if not any(line.strip() for line in lines):
        raise InputError("文件中没有文字", location=Location(file=file))
    return Document(lines=tuple(lines), file=file, sha256=hashlib.sha256(data).hexdigest())


def read_document(path: str | Path) -> Document:
    """Read a plan document from disk."""
    p = Path(path)
    if not p.exists():
        raise InputError("文件不存在", location=Location(file=str(p)))
    if p.is_dir():
        raise InputError("这是一个目录，不是文件", location=Location(file=str(p)))
    if p.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(f"不支持的文件类型“{p.suffix or '（无扩展名）'}”，请提供 .txt、.docx 或 .pdf 文件",
                         location=Location(file=str(p)))
    return read_bytes(p.read_bytes(), suffix=p.suffix, file=p.name)
