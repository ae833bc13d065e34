"""A PDF whose content stream is a compression bomb (100 MB of spaces packed into ~100 kB) is refused
with one clear line through the CLI, quickly, and nothing saved before is lost."""

from __future__ import annotations

import zlib

from sqlalchemy import func, select
from typer.testing import CliRunner

from coach.cli import app
from coach.demo import load_demo
from coach.store.models import GuidanceDocument, GuidancePassage, Note


def _bomb_pdf(unpacked: int = 100 * 1024 * 1024) -> bytes:
    stream = zlib.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" + b" " * unpacked, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def _counts(db) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return tuple(int(session.scalar(select(func.count()).select_from(m)) or 0)  # type: ignore[return-value]
                     for m in (GuidanceDocument, GuidancePassage, Note))


def test_a_pdf_compression_bomb_is_refused_clearly(ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    load_demo(ctx.db)
    good = tmp_path / "good.md"
    good.write_text("# Pairing\n\nAgree on a weekly slot and keep it.\n")
    assert CliRunner().invoke(app, ["guidance", "add", str(good)], obj=ctx).exit_code == 0
    before = _counts(ctx.db)
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(_bomb_pdf())
    assert bomb.stat().st_size < 1_000_000
    result = CliRunner().invoke(app, ["guidance", "add", str(bomb)], obj=ctx)
    assert result.exit_code == 2, (result.output, result.exception)
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and message.startswith("Error: ")
    assert "bomb.pdf" in message and "compression bomb" in message
    assert _counts(ctx.db) == before
    assert ctx.guidance.search("weekly slot", k=1)
