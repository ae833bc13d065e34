"""Guidance in the mentee's voice: situation data, the fusion with search, and reflection parts."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from coach.reflection.reflections import parse_parts
from coach.reflection.situations import fuse, situation_scores, situations
from tests.fakes import FakeEmbedder

LIBRARY = Path(__file__).resolve().parents[2] / "coach" / "guidance" / "default_library"


def test_every_shipped_passage_has_situations_and_no_unknown_ids():
    ids = {m.group(1) for f in LIBRARY.glob("*.md")
           for m in re.finditer(r"<!-- id: ([a-z0-9-]+);", f.read_text())}
    table = situations()
    assert set(table) == ids
    assert all(len(v) >= 2 and all(s.strip() for s in v) for v in table.values())


def test_fuse_moves_a_passage_up_by_its_situation_but_keeps_search_only_ids():
    search = ["a", "c", "b", "upload-1"]
    fused = fuse(search, {"a": 0.1, "b": 0.2, "c": 0.9})
    assert fused[0] == "c" and set(fused) == set(search)
    assert fuse(search, {}) == search  # no situations: the search order stands
    assert "zzz" not in fuse(search, {"zzz": 1.0})  # only passages the search returned


def test_situation_scores_take_the_best_sentence_against_the_best_situation():
    text = "It went well, I did it, I am proud of myself. We met on Tuesday."
    scores = situation_scores(FakeEmbedder(), text, ["celebrating-progress", "time-zones", "nope"])
    assert set(scores) == {"celebrating-progress", "time-zones"}
    assert scores["celebrating-progress"] == pytest.approx(1.0, abs=1e-4)  # identical sentence
    assert scores["celebrating-progress"] > scores["time-zones"]


@pytest.mark.parametrize(("text", "parts"), [
    ("What happened: A\nSo what: B\nNow what: C", ("A", "B", "C")),
    ("intro\nso what?: B\nNOW WHAT: C\nmore C", ("intro", "B", "C\nmore C")),
    ("No headings. So what: inline stays.", ("No headings. So what: inline stays.", "", "")),
    ("Now what: only next steps", ("", "", "only next steps")),
])
def test_parse_parts(text, parts):
    p = parse_parts(text)
    assert (p.what, p.so_what, p.now_what) == parts


def test_situation_vectors_are_encoded_once_and_then_read_from_the_database(ctx):
    from coach.reflection import vector_cache
    from coach.reflection.situations import prime_situations, situations
    from tests.fakes import FakeEmbedder

    texts = [s for ss in situations().values() for s in ss]
    first = FakeEmbedder()
    vector_cache.clear()
    prime_situations(ctx.db, first)
    assert first.texts_seen >= len(set(texts))  # encoded and stored the first time
    later = FakeEmbedder()  # a new process: same model, empty in-process cache
    vector_cache.clear()
    prime_situations(ctx.db, later)
    assert later.texts_seen == 0
    cached = {key[2] for key in vector_cache._cache if key[0] == id(later)}
    assert set(texts) <= cached
    assert np.allclose(vector_cache.encode_cached(later, texts[:3]), first.encode(texts[:3]), atol=1e-6)
