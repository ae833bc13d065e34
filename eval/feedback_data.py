"""Labeled feedback and the parsing shared by training and evaluation.

Writer groups: ``s1`` (eval/data/feedback/part_*.jsonl, the first session's own items) and ``w1``..
``w4`` and ``w13`` (eval/data/feedback/writers/*.jsonl, independent writers with their own briefs;
w13 since session 9) are the development pool used for leave-one-writer-out cross-validation.
``w6``..``w8`` (same folder, session 6) join it only when asked (``extra``): trained with them,
the heads gained in cross-validation but lost on the held-out writer, with a CV/held-out gap over
the issue's 0.03 (eval/README), so the shipped model is trained without them.

``w5``, ``w9``, ``w10``, ``w11`` and ``w12`` (eval/data/feedback/heldout/) are the held-out
writers (w9 and w10 since session 7, w11 and w12 since session 9): only ``load_heldout`` reads
them, and only eval/feedback_eval.py calls that.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from coach.feedback.checker import FeedbackChecker
from coach.feedback.settings import FeedbackSettings
from eval.common import DATA, ROOT, read_jsonl

LABELS = ("vague", "judgmental", "situation", "behavior", "impact")
FEEDBACK_DIR = DATA / "feedback"
WRITERS_DIR = FEEDBACK_DIR / "writers"
HELDOUT_FILE = FEEDBACK_DIR / "heldout" / "w5.jsonl"
CACHE_DIR = Path(tempfile.gettempdir()) / "coach-feedback-features"


def load_rows(split: str | None = None) -> list[dict]:
    """The first session's items (writer group ``s1``), optionally one of its old splits."""
    rows = []
    for path in sorted(FEEDBACK_DIR.glob("part_*.jsonl")):
        rows.extend({**r, "writer": "s1"} for r in read_jsonl(path))
    return [r for r in rows if split is None or r["split"] == split]


#: the independent writers of the shipped model's pool
POOL_WRITERS = ("w1", "w2", "w3", "w4", "w6", "w7", "w8", "w13", "w14", "w17", "w18")


def load_pool(extra: tuple[str, ...] = ()) -> list[dict]:
    """The development pool: s1 plus the independent writers in writers/ (``POOL_WRITERS`` and
    ``extra``; never the held-out one)."""
    rows = load_rows()
    wanted = set(POOL_WRITERS) | set(extra)
    missing = wanted - {p.stem for p in WRITERS_DIR.glob("w*.jsonl")}
    if missing:
        raise SystemExit(f"no items for writer(s) {', '.join(sorted(missing))} in {WRITERS_DIR}")
    for path in sorted(WRITERS_DIR.glob("w*.jsonl")):
        if path.stem in wanted and _committed(path):
            rows.extend(read_jsonl(path))
    return rows


def _committed(path: Path) -> bool:
    """A writer's file counts once it is committed unchanged (files arrive as one commit each)."""
    try:
        status = subprocess.run(["git", "status", "--porcelain", "--", str(path)], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return True  # not a git checkout: take what is there
    return not status.strip()


def writers(rows: list[dict]) -> list[str]:
    return sorted({r["writer"] for r in rows})


#: held-out writers (eval/data/feedback/heldout/<name>.jsonl): w5 (session 4), w9 and w10 (session 7),
#: w11 and w12 (session 9: measured once, on the model chosen with w5, w9 and w10), w16 (session 10:
#: a fresh test writer, measured once per shipped model), w19 (session 12: another fresh test writer,
#: measured once per shipped model from -7 on)
HELDOUT_WRITERS = ("w5", "w9", "w10", "w11", "w12", "w16", "w19")


def load_heldout(names: tuple[str, ...] = ("w5",)) -> list[dict]:
    """The held-out writers' items: the test set. Only the final evaluation may call this."""
    rows: list[dict] = []
    for name in names:
        path = HELDOUT_FILE.with_name(f"{name}.jsonl")
        if name not in HELDOUT_WRITERS or not path.exists():
            raise SystemExit(f"no held-out writer {name!r}: expected one of {', '.join(HELDOUT_WRITERS)} "
                             f"with its file in {HELDOUT_FILE.parent}")
        rows.extend({**r, "writer": r.get("writer") or name} for r in read_jsonl(path))
    return rows


def gold(row: dict, label: str) -> bool:
    value = row[label]
    return bool(value) if label in ("vague", "judgmental") else value is not None


@dataclass
class Features:
    embeddings: np.ndarray  # (n, 384) document embeddings
    features: np.ndarray  # (n, k) rule features
    sentences: list[np.ndarray | None]  # sentence embeddings of multi-sentence rows
    flags: list[list[tuple[str, str]]]  # (detector, category) of each raw rule flag


def featurize(checker: FeedbackChecker, rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """(embeddings, rule features) for rows, through the checker's own parsing path."""
    f = featurize_all(checker, rows)
    return f.embeddings, f.features


def featurize_with_sentences(checker: FeedbackChecker,
                             rows: list[dict]) -> tuple[np.ndarray, np.ndarray, list[np.ndarray | None]]:
    f = featurize_all(checker, rows)
    return f.embeddings, f.features, f.sentences


def _code_hash() -> str:
    """Changes whenever the detectors, parsing or features change (the cache is then stale)."""
    h = hashlib.sha256()
    base = ROOT / "coach" / "feedback"
    paths = [*base.glob("detectors/*.py"), *base.glob("lexicons/*"),
             *(base / n for n in ("analysis.py", "features.py", "sbi.py", "lexicon.py", "settings.py"))]
    for path in sorted(paths):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def featurize_all(checker: FeedbackChecker, rows: list[dict], *, cache: bool = True) -> Features:
    """Embeddings, rule features, sentence embeddings and raw flags, cached per text and code."""
    key = hashlib.sha256(json.dumps([r["text"] for r in rows]).encode()).hexdigest()[:16]
    path = CACHE_DIR / f"{_code_hash()}-{key}.npz"
    if cache and path.exists():
        data = np.load(path, allow_pickle=False)
        meta = json.loads(str(data["meta"]))
        sents = [data[f"s{i}"] if f"s{i}" in data else None for i in range(len(rows))]
        return Features(data["emb"], data["feat"], sents,
                        [[tuple(f) for f in fl] for fl in meta["flags"]])  # type: ignore[misc]
    settings = FeedbackSettings()
    parsed = [checker._parse(r["id"], r["text"], settings) for r in rows]
    embedder = checker._embedder_factory()
    embeddings = embedder.encode([r["text"] for r in rows])
    sentences = [[s.text for s in p.analysis.sentences if s.text.strip()] for p in parsed]
    flat = [s for ss in sentences if len(ss) > 1 for s in ss]
    vectors = embedder.encode(flat) if flat else np.zeros((0, embeddings.shape[1]), np.float32)
    out: list[np.ndarray | None] = []
    cursor = 0
    for ss in sentences:
        if len(ss) > 1:
            out.append(vectors[cursor : cursor + len(ss)])
            cursor += len(ss)
        else:
            out.append(None)
    result = Features(embeddings, np.vstack([p.features for p in parsed]), out,
                      [[(f.detector, f.category) for f in p.flags] for p in parsed])
    if cache:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        arrays = {f"s{i}": s for i, s in enumerate(out) if s is not None}
        np.savez(path, emb=result.embeddings, feat=result.features,
                 meta=np.asarray(json.dumps({"flags": result.flags})), **arrays)
    return result
