"""Hostile documents are refused where they enter, before the expensive work, with a located Chinese message.

Every file is built here, small on disk; each test must finish well under a few seconds.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile

import pytest

from eduplan.core.errors import InputError
from eduplan.core.limits import MB, BoundedStream, ZipLimits, check_zip_directory
from eduplan.ingest.readers import document as reader
from eduplan.ingest.readers.document import read_bytes

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(body: bytes, *, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", body)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def _body(text: str) -> bytes:
    return (f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
            "</w:body></w:document>").encode()


def _declare_size(data: bytes, member: str, size: int) -> bytes:
    """The archive with `member`'s declared inflated size replaced (local header and directory)."""
    out = bytearray(data)
    name = member.encode()
    pos = out.find(b"PK\x03\x04" + b"")
    while pos != -1:
        n = struct.unpack_from("<H", out, pos + 26)[0]
        if bytes(out[pos + 30:pos + 30 + n]) == name:
            struct.pack_into("<I", out, pos + 22, size)
        pos = out.find(b"PK\x03\x04", pos + 4)
    pos = out.find(b"PK\x01\x02")
    while pos != -1:
        n = struct.unpack_from("<H", out, pos + 28)[0]
        if bytes(out[pos + 46:pos + 46 + n]) == name:
            struct.pack_into("<I", out, pos + 24, size)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def _refused(data: bytes, suffix: str, file: str = "规划.docx") -> InputError:
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_bytes(data, suffix=suffix, file=file)
    assert time.perf_counter() - start < 3.0
    assert info.value.location is not None and info.value.location.file == file
    return info.value


def test_a_valid_docx_still_reads() -> None:
    doc = read_bytes(_docx(_body("一、总体目标")), suffix=".docx", file="规划.docx")
    assert doc.lines == ("一、总体目标",)


def test_docx_bomb_refused_by_its_compression_ratio_before_parsing() -> None:
    data = _docx(b"<" + b" " * (8 * MB) + b">")  # 8 MB of XML in ~8 KB
    assert len(data) < 100_000
    err = _refused(data, ".docx")
    assert "word/document.xml" in err.message and "压缩比" in err.message


def test_docx_declaring_gigabytes_refused_from_the_directory() -> None:
    data = _declare_size(_docx(_body("正文")), "word/document.xml", 3_000_000_000)
    err = _refused(data, ".docx")
    assert err.message.startswith("word/document.xml 解压后超过 200 MB")


def test_docx_understating_its_size_is_refused_not_parsed() -> None:
    """A header that lies small: zipfile stops at the declared size and the CRC check refuses it."""
    data = _declare_size(_docx(_body("正文" * 50_000)), "word/document.xml", 100)
    err = _refused(data, ".docx")
    assert "无法打开 Word 文档" in err.message


def test_docx_with_too_many_members_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    assert reader.DEFAULT_ZIP_LIMITS.max_members == 10_000
    monkeypatch.setattr(reader, "DEFAULT_ZIP_LIMITS", ZipLimits(max_members=50))
    extra = {f"word/media/x{i}.xml": b"" for i in range(50)}
    err = _refused(_docx(_body("正文"), extra=extra), ".docx")
    assert "超过 50 个" in err.message


def test_bounded_stream_stops_at_its_limit_while_inflating() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"x" * 5000)
    with zipfile.ZipFile(buf) as zf, BoundedStream(zf.open("word/document.xml"), limit=4096,
                                                    member="word/document.xml", file="规划.docx") as stream:
        with pytest.raises(InputError, match="word/document.xml 解压后超过 4096 字节"):
            while stream.read(1000):
                pass
        assert stream.count <= 4097


def test_zip_directory_total_limit() -> None:
    class Entry:
        def __init__(self, name: str) -> None:
            self.filename, self.file_size, self.compress_size = name, 60, 60

    with pytest.raises(InputError, match="合计超过 100 字节（到 b 为止）"):
        check_zip_directory([Entry("a"), Entry("b")], file="f.docx", limits=ZipLimits(max_total_bytes=100))


def test_text_with_too_many_lines_refused() -> None:
    err = _refused("第一行\n".encode() * 200_001, ".txt", file="规划.txt")
    assert "超过 200000 行" in err.message


def test_text_with_an_endless_line_refused_at_that_line() -> None:
    err = _refused(("标题\n" + "很" * 100_001 + "\n").encode(), ".txt", file="规划.txt")
    assert err.location is not None and err.location.line == 2
    assert "超过 100000 个字符" in err.message


def _pdf(pages: int, content: bytes = b"BT ET") -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(200, 200)
        stream = DecodedStreamObject()
        stream.set_data(content)
        page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_with_too_many_pages_refused_before_reading_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_PDF_PAGES", 20)
    err = _refused(_pdf(21), ".pdf", file="规划.pdf")
    assert "共 21 页，超过 20 页" in err.message


def test_pdf_content_streams_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_PDF_CONTENT_BYTES", 10_000)
    err = _refused(_pdf(3, b"% " + b"x" * 4000 + b"\nBT ET"), ".pdf", file="规划.pdf")
    assert "合计超过" in err.message and "第3页" in err.message


def test_pdf_flate_bomb_in_a_content_stream_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A content stream that inflates past the per-stream cap is named by its page."""
    import zlib

    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    monkeypatch.setattr(reader, "MAX_PDF_STREAM_BYTES", 2 * MB)
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    stream = StreamObject()
    stream._data = zlib.compress(b" " * (3 * MB), 9)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    err = _refused(out.getvalue(), ".pdf", file="规划.pdf")
    assert "第1页的内容流解压后超过 2 MB" in err.message
