"""The ``.gz`` and ``.br`` siblings of the built site's files (called by the last mkdocs hook).

Build-time room. May import: the standard library, brotli and ``build_scripts.tooling``.

``*.gz`` and ``*.br`` beside every compressible file of at least 1 KB (pages, scripts, styles,
the search index, Pyodide's wasm and scripts) where they save at least 10 %: servers that can
send a prepared file (nginx ``gzip_static``/``brotli_static``, Apache rewrites) send these, and
nothing is compressed per request. Deterministic (gzip without a time stamp); the large,
unchanging ones are cached in ``.cache/compressed/`` by digest. :func:`compress` runs last.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import brotli  # type: ignore[import-untyped]  # Google's binding; ships no type information

from build_scripts.tooling import REPO

# Compressed siblings: which files, from what size, and when a sibling is worth writing.
COMPRESSIBLE = frozenset({".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".xml", ".txt", ".map"})
COMPRESS_FROM_BYTES = 1024
COMPRESS_WORTH = 0.9  # a sibling at most 90 % of the original's size
COMPRESS_CACHE = REPO / ".cache" / "compressed"
CACHE_FROM_BYTES = 256 * 1024  # compressing the 9.6 MB wasm takes seconds: keep such results
ENCODINGS = ("gz", "br")


def _compressed(data: bytes, encoding: str) -> bytes:
    """``data`` gzip-compressed (level 9, no time stamp) or brotli-compressed (quality 9)."""
    if encoding == "gz":
        return gzip.compress(data, compresslevel=9, mtime=0)
    packed: bytes = brotli.compress(data, quality=9)
    return packed


def compress(site: Path) -> dict[str, int]:
    """Write ``.gz`` and ``.br`` siblings of the site's compressible files; returns the bytes of
    the originals that got a sibling and of each kind of sibling (for the benchmark's report)."""
    totals = {"original": 0, **dict.fromkeys(ENCODINGS, 0)}
    for path in sorted(site.rglob("*")):
        if path.suffix not in COMPRESSIBLE or not path.is_file() or path.stat().st_size < COMPRESS_FROM_BYTES:
            continue
        sizes = compress_file(path)
        for name, size in sizes.items():
            totals[name] += size
    return totals


def compress_file(path: Path) -> dict[str, int]:
    """Write the ``.gz`` and ``.br`` siblings of one file where they are worth it (removing stale
    ones); returns the bytes of the original and of each sibling written (empty if none)."""
    for encoding in ENCODINGS:
        path.with_name(f"{path.name}.{encoding}").unlink(missing_ok=True)
    data = path.read_bytes()
    if path.suffix not in COMPRESSIBLE or len(data) < COMPRESS_FROM_BYTES:
        return {}
    digest = hashlib.sha256(data).hexdigest()
    packed = {}
    for encoding in ENCODINGS:
        cached = COMPRESS_CACHE / f"{digest}.{encoding}"
        if cached.exists():
            packed[encoding] = cached.read_bytes()
            continue
        packed[encoding] = _compressed(data, encoding)
        if len(data) >= CACHE_FROM_BYTES:
            COMPRESS_CACHE.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(packed[encoding])
    if len(packed["gz"]) > COMPRESS_WORTH * len(data):
        return {}
    sizes = {"original": len(data)}
    for encoding, body in packed.items():
        path.with_name(f"{path.name}.{encoding}").write_bytes(body)
        sizes[encoding] = len(body)
    return sizes
