"""A process killed (SIGKILL) while it builds the guidance index: the next start recovers from the
database, and no partial index is ever served (files are written to a temporary name, then renamed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coach.config import Settings
from coach.context import Context
from coach.guidance.backends import FaissIndex
from coach.store.models import GuidancePassage
from tests.fakes import FakeEmbedder

ROOT = Path(__file__).resolve().parents[2]

WORKER = r"""
import sys, time
from pathlib import Path
home, where, marker = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
from coach.config import Settings
from coach.context import Context
from tests.fakes import FakeEmbedder

def hang():
    marker.write_text("ready")
    time.sleep(600)

class Slow(FakeEmbedder):
    def _encode_batch(self, texts):
        out = super()._encode_batch(texts)
        if where == "embedding":
            hang()
        return out

if where == "saving":
    import faiss
    real = faiss.write_index
    def half_written(index, path):
        real(index, path)
        data = Path(path).read_bytes()
        Path(path).write_bytes(data[: len(data) // 2])
        hang()
    faiss.write_index = half_written

embedder = Slow()
ctx = Context(Settings(home=home), embedder_factory=lambda: embedder)
if where == "saving":
    (home / "extra.md").write_text("# Extra\n\nA brand new passage about onboarding buddies and pairing.\n")
    from coach.access import OPERATOR
    ctx.guidance.add_files(OPERATOR, [home / "extra.md"])
ctx.guidance.index.ensure()
marker.write_text("finished")
"""


def _run_and_kill(home: Path, where: str) -> None:
    marker = home / f"marker-{where}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COACH_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-c", WORKER, str(home), where, str(marker)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while not marker.exists():
        if proc.poll() is not None:
            raise AssertionError(f"worker ended early: {proc.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("worker never reached the crash point")
        time.sleep(0.1)
    assert marker.read_text() == "ready"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def _passages(ctx: Context) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(GuidancePassage)) or 0)


def _recovered(home: Path) -> Context:
    ctx = Context(Settings(home=home), embedder_factory=FakeEmbedder)
    ctx.guidance.index.ensure()
    index = ctx.guidance.index
    assert index._dense is not None and index._sparse is not None
    assert len(index._dense) == _passages(ctx)
    assert len(index._sparse.doc_ids) == _passages(ctx)
    # what is on disk now is complete too
    assert len(FaissIndex.load(home / "index" / "guidance.faiss")) == _passages(ctx)
    return ctx


def test_killed_while_embedding_then_next_start_recovers(coach_home: Path) -> None:
    coach_home.mkdir(parents=True, exist_ok=True)
    _run_and_kill(coach_home, "embedding")
    dense = coach_home / "index" / "guidance.faiss"
    assert not dense.exists()  # nothing half-built was left under the real name
    ctx = _recovered(coach_home)
    assert ctx.guidance.search("giving feedback to a mentee", k=3)


def test_killed_while_writing_the_index_file_serves_no_partial_index(coach_home: Path) -> None:
    ctx = Context(Settings(home=coach_home), embedder_factory=FakeEmbedder)
    ctx.guidance.index.ensure()  # a complete index on disk
    before = len(FaissIndex.load(coach_home / "index" / "guidance.faiss"))
    _run_and_kill(coach_home, "saving")
    # the real file is still the complete old one; the half-written copy is only a temporary file
    assert len(FaissIndex.load(coach_home / "index" / "guidance.faiss")) == before
    leftovers = [p for p in (coach_home / "index").iterdir() if p.name.endswith(".tmp")]
    assert leftovers, "the worker should have died with its temporary file in place"
    after = _recovered(coach_home)
    assert _passages(after) > before  # the document added before the crash is in the database ...
    hits = after.guidance.search("onboarding buddies pairing", k=3)
    assert any("onboarding buddies" in h.text for h in hits)  # ... and searchable after recovery


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_corrupt_index_file_is_rebuilt(coach_home: Path, damage: str) -> None:
    ctx = Context(Settings(home=coach_home), embedder_factory=FakeEmbedder)
    ctx.guidance.index.ensure()
    path = coach_home / "index" / "guidance.faiss"
    data = path.read_bytes()
    path.write_bytes({"truncated": data[: len(data) // 3], "garbage": os.urandom(4096), "empty": b""}[damage])
    fresh = _recovered(coach_home)
    assert "dense" in fresh.guidance.index.status.rebuilt
