"""Read a plan document (.txt, .docx, .pdf) into numbered lines of text.

Every extractor works on a `Document`: a list of lines whose 1-based numbers are the
`source.line` of what is extracted. A real Word table row becomes one line of cells
separated by " | " between outer bars (“| 学前教育 | 毛入园率（%） | 95 |”, as in Markdown),
the pipe layout the table readers already understand. PDF text is read by position
(`pdf_layout`: a table cell starts at its column's character, so an empty cell leaves a
gap) and loses its page numbers, repeated running lines and the letter spacing of
justified Chinese text.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eduplan.core.errors import InputError, Location
from eduplan.core.limits import DEFAULT_ZIP_LIMITS, BoundedStream, check_lines, check_zip_directory
from eduplan.ingest.readers.pdf import reader_lines
from eduplan.ingest.tables.layouts import is_page_number

if TYPE_CHECKING:
    from docx.oxml.table import CT_Row
    from docx.table import Table, _Cell
    from pypdf import PdfReader

SUPPORTED_SUFFIXES = (".txt", ".text", ".docx", ".pdf")
#: A plan has a few hundred pages; more is a damaged or hostile file.
MAX_PDF_PAGES = 2_000
#: One inflated stream (pypdf stops decoding there) and the content streams of all pages together.
MAX_PDF_STREAM_BYTES = 64 * 1024 * 1024
MAX_PDF_CONTENT_BYTES = 256 * 1024 * 1024
CELL_SEPARATOR = " | "

_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
#: A “— 12 —” footer that text extraction ran onto the end of a page's last line.
_TRAILING_PAGE_NUMBER_RE = re.compile(r"\s*[—－―-]+\s*\d{1,3}\s*[—－―-]+\s*$")
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
    check_docx_archive(data, file)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises several unrelated types for a bad file
        raise InputError(f"无法打开 Word 文档（{type(exc).__name__}）", location=Location(file=file)) from None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(Paragraph(child, document).text.splitlines() or [""])
        elif tag == "tbl":
            table = Table(child, document)
            lines.extend(_docx_row(row, table) for row in child.tr_lst)
    return [clean_line(line) for line in lines]


def check_docx_archive(data: bytes, file: str | None) -> None:
    """Refuse a zip bomb before python-docx inflates it: the directory first, then the real bytes.

    Every member is inflated once into a counter (not kept): a member whose header understates
    its size is stopped at the member limit, not after it filled the memory.
    """
    import zipfile

    limits = DEFAULT_ZIP_LIMITS
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            check_zip_directory(infos, file=file, limits=limits)
            total = 0
            for info in infos:
                with BoundedStream(zf.open(info), limit=limits.max_member_bytes, member=info.filename,
                                   file=file) as stream:
                    while chunk := stream.read(1 << 20):
                        total += len(chunk)
                        if total > limits.max_total_bytes:
                            raise InputError(f"压缩包解压后合计超过 {limits.max_total_bytes // (1 << 20)} MB"
                                             f"（到 {info.filename} 为止）", location=Location(file=file))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile and zlib raise several types for a damaged archive
        raise InputError(f"无法打开 Word 文档（{type(exc).__name__}），文件不是有效的 .docx 或已损坏",
                         location=Location(file=file)) from None


def _docx_row(tr: CT_Row, table: Table) -> str:
    """One table row as cells joined by " | ".

    A cell spanning several grid columns is kept once; the rows a vertically merged cell
    continues into get an empty cell, as every other layout shows a category carried down.
    """
    from docx.table import _Cell

    cells: list[str] = []
    for tc in tr.tc_lst:
        if tc.vMerge == "continue":
            cells.append("")
        else:
            cells.append(_cell_text(_Cell(tc, table)))
    # Outer bars keep an empty first or last cell (a merged category, an empty remark).
    return f"| {CELL_SEPARATOR.join(cells)} |"


def _cell_text(cell: _Cell) -> str:
    """A cell's paragraphs (and line breaks) joined: no space between Chinese, one between Latin words."""
    out = ""
    for paragraph in cell.paragraphs:
        for part in paragraph.text.split("\n"):
            part = " ".join(part.split())
            if out and part and _latin_end(out[-1]) and _latin_end(part[0]):
                out += " "
            out += part
    return out.replace("|", "／")  # a bar inside a cell would split it in two


def _latin_end(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _pdf_lines(data: bytes, file: str | None) -> list[str]:
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise InputError("缺少 pypdf，无法读取 .pdf 文件") from exc
    from pypdf import apply_configuration

    cap = MAX_PDF_STREAM_BYTES
    try:
        with apply_configuration(zlib_maximum_output_length=cap, lzw_maximum_output_length=cap,
                                 run_length_maximum_output_length=cap,
                                 array_based_stream_maximum_output_length=cap):
            reader = PdfReader(io.BytesIO(data))
            check_pdf_size(reader, file)
            pages = _layout_pages(reader) or [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types for a damaged file
        raise InputError(f"无法读取 PDF 文件（{type(exc).__name__}）", location=Location(file=file)) from None
    if not "".join(pages).strip():
        raise InputError("PDF 没有文字层（可能是扫描件），请先进行文字识别（OCR）", location=Location(file=file))
    return pdf_page_lines(pages)


def check_pdf_size(reader: PdfReader, file: str | None) -> None:
    """Refuse a PDF with too many pages, or whose pages' content streams inflate beyond the cap."""
    from pypdf.errors import LimitReachedError

    count = len(reader.pages)
    if count > MAX_PDF_PAGES:
        raise InputError(f"PDF 共 {count} 页，超过 {MAX_PDF_PAGES} 页的上限", location=Location(file=file))
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            contents = page.get_contents()
            size = len(contents.get_data()) if contents is not None else 0
        except LimitReachedError:
            raise InputError(f"第{number}页的内容流解压后超过 {MAX_PDF_STREAM_BYTES // (1 << 20)} MB，"
                             "文件可能被构造为压缩炸弹",
                             location=Location(file=file)) from None
        total += size
        if total > MAX_PDF_CONTENT_BYTES:
            raise InputError(f"PDF 各页内容流解压后合计超过 {MAX_PDF_CONTENT_BYTES // (1 << 20)} MB"
                             f"（到第{number}页为止）", location=Location(file=file))


def _layout_pages(reader: PdfReader) -> list[str] | None:
    """The pages laid out from text positions (table cells keep their columns), or None to read them plainly.

    A content stream the layout reader cannot follow falls back to pypdf's plain text,
    which reads more damaged files and says so when it cannot.
    """
    try:
        pages = reader_lines(reader)
    except Exception:  # noqa: BLE001 - pypdf raises many types for a damaged stream; plain text gets a chance
        return None
    return pages if pages and "".join(pages).strip() else None


def pdf_page_lines(pages: list[str]) -> list[str]:
    """The lines of a PDF's pages, without page furniture and letter-spacing artefacts.

    Page numbers (“— 3 —”, “第3页”, also run onto a page's last line) are dropped, and so
    are repeats of a running line (the same line at the top or bottom of most pages: a
    running title, a table header repeated on every page); its first occurrence is kept,
    since a table header that repeats is also the table's real header.
    """
    split = [[clean_line(_join_letter_spacing(line)) for line in page.splitlines()] for page in pages]
    split = [_trim_blank(page) for page in split]
    running = _running_lines(split)
    seen: set[str] = set()

    def is_furniture(line: str) -> bool:
        if is_page_number(line):
            return True
        if line in running and line in seen:
            return True
        seen.add(line)
        return False

    lines: list[str] = []
    for page in split:
        while page and is_furniture(page[0]):
            page = _trim_blank(page[1:])
        if page:
            page = _trim_blank([*page[:-1], _TRAILING_PAGE_NUMBER_RE.sub("", page[-1])])
        while page and is_furniture(page[-1]):
            page = _trim_blank(page[:-1])
        lines.extend(page)
    return lines


def _trim_blank(page: list[str]) -> list[str]:
    start, end = 0, len(page)
    while start < end and not page[start].strip():
        start += 1
    while end > start and not page[end - 1].strip():
        end -= 1
    return page[start:end]


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines printed at the top or bottom of at least half the pages (and of three or more)."""
    counts: dict[str, int] = {}
    for page in pages:
        for line in {page[0], page[-1]} if page else set():
            counts[line] = counts.get(line, 0) + 1
    return {line for line, n in counts.items() if n >= 3 and n * 2 >= len(pages) and line.strip()}


def _join_letter_spacing(line: str) -> str:
    """Undo the spaces text extraction puts between the letters of justified Chinese text.

    A run of three or more one-character tokens, at least two of them Chinese, is one
    word spaced out (“推 进 义 务 教 育” → 推进义务教育); a wider gap (two spaces or more)
    still separates, as do runs without Chinese (“0 0 0” are three cells).
    """
    tokens = line.split(" ")
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, "\x00end"]:
        if len(token) == 1 and not token.isspace():
            run.append(token)
            continue
        if len(run) >= 3 and sum(_is_han(ch) for ch in run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        out.append(token)
    return " ".join(out[:-1])


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def read_bytes(data: bytes, *, suffix: str, file: str | None = None) -> Document:
    """Read a document given as bytes and its file suffix (".txt", ".docx", ".pdf")."""
    suffix = suffix.lower()
    if not data.strip():
        raise InputError("文件为空", location=Location(file=file))
    if suffix in (".txt", ".text", ""):
        text = decode_text(data, file=file)
        check_lines(text.splitlines(), file=file)  # before cleaning: a huge file stops here
        lines = lines_from_text(text)
    elif suffix == ".docx":
        lines = _docx_lines(data, file)
    elif suffix == ".pdf":
        lines = _pdf_lines(data, file)
    else:
        raise InputError(f"不支持的文件类型“{suffix}”，请提供 .txt、.docx 或 .pdf 文件",
                         location=Location(file=file))
    check_lines(lines, file=file)
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
