"""Write the questionnaire's build-time files into the built site (called by the mkdocs hook).

Build-time room. May import: the standard library, ``decision_tree``,
``build_scripts.tooling`` and ``build_scripts.compile_stdlib``.

Into ``site/``:

- ``check/s/<state>.html`` — every state of the question tree as a plain page (no script), from
  :func:`decision_tree.web.render` in static mode: the path for browsers without JavaScript or
  WebAssembly, and the fallback when the calculator cannot start; ``check/s/table.html`` — the
  decision table of every path, linking to its outcome page.
- ``embed/index.html`` — the questionnaire alone on a plain page with no inline script or style,
  so that it works under a strict Content-Security-Policy (the page the embedding uses).
- ``pyodide/<version>/`` — only the Pyodide files the calculator needs, copied from
  node_modules and checked against ``pyodide-files.json`` (committed SHA-256 per file), and the
  standard library byte-compiled inside Pyodide (:mod:`build_scripts.compile_stdlib`) as
  ``python_stdlib.<hash>.zip`` (the modules the site imports) and ``python_stdlib_rest.<hash>.zip``
  (the rest, fetched only if another module is imported), their names changing with their content.
- ``*.gz`` and ``*.br`` beside every compressible file of at least 1 KB (pages, scripts, styles,
  the search index, Pyodide's wasm and scripts) where they save at least 10 %: servers that can
  send a prepared file (nginx ``gzip_static``/``brotli_static``, Apache rewrites) send these, and
  nothing is compressed per request. Deterministic (gzip without a time stamp); the large,
  unchanging ones are cached in ``.cache/compressed/`` by digest. :func:`compress` runs last.
- ``schema/incident.schema.json`` — the incident file's JSON Schema, as the package ships it
  (:func:`copy_schema`), for the pages and the README to link.
- ``assets/check/<hash>/`` — our wheel, byte-compiled (:func:`build_scripts.compile_stdlib.browser_wheel`),
  and a minimal ``pyodide-lock.json`` listing only it, with
  its SHA-256 (Pyodide loads it by name from this folder, and the browser checks its integrity),
  plus ``stdlib`` and ``stdlib_rest``: the standard library's two archives' URLs relative to this
  folder (the worker reads and removes them). The folder is named by the lock file's digest, so
  no browser keeps a stale copy.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from html import escape
from pathlib import Path

import brotli  # type: ignore[import-untyped]  # Google's binding; ships no type information

from build_scripts.compile_stdlib import browser_wheel, shipped_stdlib
from build_scripts.tooling import NODE_MODULES, REPO, Failure, ensure_node_modules
from decision_tree import incident
from decision_tree.engine import Result
from decision_tree.rules import load_rules
from decision_tree.tree import next_question, outcome, paths
from decision_tree.web import Place, State, Texts, answer_label, render, state_key, summary_title, tree_data
from decision_tree.web.incident_list import embed_note
from decision_tree.web.texts import script_words

MANIFEST = Path(__file__).resolve().parent / "pyodide-files.json"
WHEEL_PLACEHOLDER = "__DECISION_TREE_WHEEL__"
# In embed.js: the questionnaire's name in each language, written in from ui.toml at build time.
EMBED_TITLES_PLACEHOLDER = """JSON.parse('{"zh": "", "en": ""}')"""


# Compressed siblings: which files, from what size, and when a sibling is worth writing.
COMPRESSIBLE = frozenset({".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".xml", ".txt", ".map"})
COMPRESS_FROM_BYTES = 1024
COMPRESS_WORTH = 0.9  # a sibling at most 90 % of the original's size
COMPRESS_CACHE = REPO / ".cache" / "compressed"
CACHE_FROM_BYTES = 256 * 1024  # compressing the 9.6 MB wasm takes seconds: keep such results
ENCODINGS = ("gz", "br")


class BuildError(RuntimeError):
    """A build input is missing or not what was committed; the message says which and why."""


def pyodide_version() -> str:
    """The Pyodide version the site serves (from the committed manifest)."""
    return str(json.loads(MANIFEST.read_text(encoding="utf-8"))["version"])


def copy_pyodide(site: Path) -> tuple[Path, dict[str, str]]:
    """Copy the manifest's Pyodide files into ``site/pyodide/<version>/``, checking each digest, and
    write the compiled standard library beside them (the main archive and the rest); returns the
    folder and the archives' names there (``stdlib``, ``stdlib_rest``)."""
    ensure_node_modules()
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    source = NODE_MODULES / "pyodide"
    installed = json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != manifest["version"]:
        raise BuildError(f"node_modules has pyodide {installed}, the manifest expects {manifest['version']}")
    target = site / "pyodide" / str(manifest["version"])
    target.mkdir(parents=True, exist_ok=True)
    for name, digest in {**manifest["files"], **manifest["sources"]}.items():
        data = (source / name).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise BuildError(f"pyodide/{name} differs from {MANIFEST.name}: reinstall with npm ci --ignore-scripts")
        if name in manifest["files"]:
            (target / name).write_bytes(data)
    try:
        stdlib = shipped_stdlib()
    except Failure as failure:
        raise BuildError(str(failure)) from None
    names = {}
    for key, path in (("stdlib", stdlib.main), ("stdlib_rest", stdlib.rest)):
        data = path.read_bytes()
        names[key] = f"{path.stem}.{hashlib.sha256(data).hexdigest()[:12]}.zip"
        (target / names[key]).write_bytes(data)
    return target, names


def lock_file(wheel: Path, stdlib: dict[str, str]) -> bytes:
    """A pyodide-lock.json listing only our wheel (and, for the worker, where the standard
    library's two archives are: ``stdlib`` and ``stdlib_rest``)."""
    pyodide_lock = json.loads((NODE_MODULES / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    name, version = wheel.name.split("-")[:2]
    lock: dict[str, object] = {
        "info": pyodide_lock["info"],
        "packages": {
            name.replace("_", "-"): {
                "name": name.replace("_", "-"),
                "version": version,
                "file_name": wheel.name,
                "install_dir": "site",
                "package_type": "package",
                "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
                "imports": ["decision_tree"],  # the import package; the wheel is named by the distribution
                "depends": [],
            }
        },
    }
    lock |= {key: f"../../../pyodide/{pyodide_version()}/{archive}" for key, archive in stdlib.items()}
    return (json.dumps(lock, indent=1, sort_keys=True) + "\n").encode()


def copy_wheel(site: Path, stdlib: dict[str, str]) -> str:
    """Write our wheel and its lock file into a folder named by the lock's digest; returns the
    wheel's path relative to the site root (the lock file is beside it)."""
    wheel = browser_wheel()
    lock = lock_file(wheel, stdlib)
    folder = f"assets/check/{hashlib.sha256(lock).hexdigest()[:12]}"
    (site / folder).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(wheel, site / folder / wheel.name)
    (site / folder / "pyodide-lock.json").write_bytes(lock)
    return f"{folder}/{wheel.name}"


def titles() -> dict[str, str]:
    """The questionnaire's name in each language (the embed page's title, the iframe's name)."""
    return {lang: Texts(lang)("page.check_title") for lang in ("zh", "en")}


def app_attributes(
    root: str, states: str, wheel: str, *, assets: str | None = None, lang: str = "zh", states_en: str = ""
) -> str:
    """The data attributes the page's script reads (all paths relative to the page).

    ``root`` leads to the edition's root (citations), ``assets`` to the site's root (Pyodide, the
    worker; the English edition shares the Chinese one's), ``states_en`` — on the embed page,
    which serves both languages — to the English static pages.
    """
    assets = root if assets is None else assets
    english = (
        f' data-states-en="{escape(states_en)}" data-root-en="{escape(root)}en/"'
        f" data-title='{escape(json.dumps(titles(), ensure_ascii=False), quote=True)}'"
        if states_en
        else ""
    )
    return (
        f'data-incident-check data-root="{escape(root)}" data-states="{escape(states)}" data-lang="{lang}"{english}'
        f' data-pyodide="{escape(assets)}pyodide/{escape(pyodide_version())}/"'
        f' data-wheel="{escape(wheel)}" data-worker="{escape(assets)}assets/check/worker.js"'
        f" data-tree='{escape(tree_data(), quote=True)}'"
        f" data-texts='{escape(script_words('js.'), quote=True)}'"
    )


def app_markup(
    root: str,
    states: str,
    wheel: str,
    static_note: str,
    *,
    assets: str | None = None,
    lang: str = "zh",
    states_en: str = "",
) -> str:
    """The questionnaire's container: status line, the first question (pre-rendered), no-JS note."""
    first = render("", mode="static", place=Place(root=root, states=states), lang=lang).html
    attributes = app_attributes(root, states, wheel, assets=assets, lang=lang, states_en=states_en)
    return (
        f'<div class="ic-app" {attributes}>'
        '<p class="ic-status" role="status" aria-live="polite"></p>'
        f'<div class="ic-view">{first}</div>'
        f'<noscript><p class="ic-hint">{static_note}</p></noscript>'
        "</div>"
    )


def _chrome(title: str, root: str, lang: str) -> tuple[str, str]:
    """A plain page's header and footer in one language."""
    t = Texts(lang)
    # The site's own navigation, so that a static page reads as a page of this site.
    places = [("check/", "page.check_title"), ("measures/", "page.measures"), ("guide/", "page.guide")]
    places.append(("interpretations/", "page.readings"))
    nav = " · ".join(f'<a href="{root}{path}">{escape(t(key))}</a>' for path, key in places)
    header = (
        f'<a class="ic-page-site" href="{root}">{escape(t("page.site"))}</a>'
        f'<span class="ic-page-title"> · {escape(title)}</span>'
        f'<nav class="ic-page-nav" aria-label="{escape(t("page.nav"))}">{nav}</nav>'
    )
    footer = (
        f"{escape(t('page.footer'))}"
        f'<a href="{root}interpretations/">{escape(t("page.readings"))}</a> · '
        f'<a href="{root}sources/">{escape(t("page.sources"))}</a>'
    )
    return header, footer


def shell(
    title: str,
    body: str,
    root: str,
    *,
    script: bool = False,
    lang: str = "zh",
    assets: str | None = None,
    both: bool = False,
) -> str:
    """A plain page (no theme): the static questionnaire pages, the embed page, the self-check.

    ``both``: the header and footer in Chinese and in English (the embed page serves both
    languages: the page's script shows the one of the link's language, ``data-ic-lang``).
    """
    t = Texts(lang)
    assets = root if assets is None else assets
    header, footer = _chrome(title, root, lang)
    if both:
        en_header, en_footer = _chrome(titles()["en"], "../en/", "en")
        header = f'<span data-ic-lang="zh">{header}</span><span data-ic-lang="en" lang="en" hidden>{en_header}</span>'
        footer = f'<span data-ic-lang="zh">{footer}</span><span data-ic-lang="en" lang="en" hidden>{en_footer}</span>'

    # At the end of the body and async: it runs as soon as it arrives, the whole page being there.
    script_tag = (
        f'<script type="module" async src="{assets}assets/check/check.js"></script>'
        f'<script type="module" async src="{assets}assets/check/incident.js"></script>'
        if script
        else ""
    )
    return (
        "<!doctype html>\n"
        f'<html lang="{"en" if t.lang == "en" else "zh-Hans"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f'<link rel="icon" href="{assets}assets/check/icon.svg" type="image/svg+xml">'
        f"<title>{escape(title)}</title>"
        f'<link rel="stylesheet" href="{assets}assets/check/check.css"></head>'
        f'<body class="ic-page"><header class="ic-page-header">{header}</header>'
        f'<main class="ic-page-main">{body}</main>'
        f'<footer class="ic-page-footer">{footer}</footer>'
        f"{script_tag}</body></html>\n"
    )


def states() -> list[dict[str, object]]:
    """Every state of the tree — each prefix of each path — in depth-first order."""
    out: list[dict[str, object]] = []

    def walk(path: dict[str, object]) -> None:
        out.append(path)
        question = next_question(path)
        if question is not None:
            for option in question.values():
                walk({**path, question.id: option})

    walk({})
    return out


def static_note(lang: str = "zh", tables: str = "table.html") -> str:
    """The note above every static page (markup)."""
    t = Texts(lang)
    return t.html("page.static_note", tables=f'<a href="{escape(tables)}">{escape(t("page.tables_link"))}</a>')


def static_pages(lang: str = "zh") -> dict[str, str]:
    """``{"check/s/<state>.html": html, …}`` plus the decision tables, in ``lang``. The English ones
    go under the English edition (``en/check/s/``): links lead to its pages, styles to the site's."""
    t = Texts(lang)
    assets = "../../../" if t.lang == "en" else "../../"
    place = Place(root="../../", states="")
    pages = {}
    note = static_note(lang)
    for path in states():
        fragment = State(path=dict(path)).fragment()
        markup = render(fragment, mode="static", place=place, lang=lang).html
        app, lead = f'<div class="ic-app ic-static">{markup}</div>', f'<p class="ic-hint ic-static-note">{note}</p>'
        # A result page opens at its answer (on a phone, the verdict, a recipient and its deadline
        # on the first screen, issue 19): the note about the static version follows it.
        body = app + lead if 'id="ic-result"' in markup else lead + app
        pages[f"check/s/{state_key(path)}.html"] = shell(
            t("page.static_title"), body, "../../", lang=lang, assets=assets
        )
    for name, body in decision_tables(lang).items():
        pages[f"check/s/{name}"] = shell(t("table.title"), body, "../../", lang=lang, assets=assets)
    return pages


ROUTING_CODES = {True: "y", False: "n", "unknown": "u"}


def _deadline(report: Result, t: Texts) -> str:
    """One recipient and its limit, as the decision table shows it."""
    minutes = report["within_minutes"]
    when = t("table.hours", hours=minutes // 60) if minutes else t.pick(report["promptness"])
    return f"{t.pick(report['to_label'])} {when}" + (t("table.conditional") if report["conditional"] else "")


def decision_tables(lang: str = "zh") -> dict[str, str]:
    """The decision table, one per kind of operator (CII × central organ, 9 in all), each listing
    every path of that kind with its verdict and every recipient; ``table.html`` lists the nine."""
    t = Texts(lang)
    questions = [q for q in load_rules().questions if q.id not in ("involves_cii", "central_state_organ")]
    head = "".join(f'<th scope="col">{escape(summary_title(q.id, lang))}</th>' for q in questions)
    verdicts = {True: "verdict.report", False: "verdict.none", None: "verdict.unknown"}
    kinds: dict[tuple[object, object], list[str]] = {}
    for path in paths():
        result = outcome(path)
        cells = "".join(
            f"<td>{escape(answer_label(q.id, path[q.id], lang)) if q.id in path else '—'}</td>" for q in questions
        )
        reports = "<br>".join(escape(_deadline(r, t)) for r in result["reports"]) or "—"
        link = f'<a href="{state_key(path)}.html">{escape(t(verdicts[result["must_report"]]))}</a>'
        kinds.setdefault((path["involves_cii"], path["central_state_organ"]), []).append(
            f"<tr>{cells}<td>{link}</td><td>{reports}</td></tr>"
        )
    pages: dict[str, str] = {}
    items = []
    for (cii, organ), rows in kinds.items():
        kind = t(
            "table.kind",
            cii=answer_label("involves_cii", cii, lang),
            organ=answer_label("central_state_organ", organ, lang),
        )
        name = f"table-{ROUTING_CODES[cii]}-{ROUTING_CODES[organ]}.html"
        items.append(f'<li><a href="{name}">{escape(kind)}</a>（{len(rows)}）</li>')
        pages[name] = (
            f'<p><a href="table.html">{escape(t("table.back"))}</a></p>'
            f"<h1>{escape(t('table.heading', kind=kind, count=len(rows)))}</h1>"
            '<div class="ic-table-wrap"><table class="ic-table ic-decision-table">'
            f'<thead><tr>{head}<th scope="col">{escape(t("table.result"))}</th>'
            f'<th scope="col">{escape(t("table.reports"))}</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
    pages["table.html"] = (
        f"<h1>{escape(t('table.title'))}</h1><p>{escape(t('table.lead'))}</p><ul>{''.join(items)}</ul>"
    )
    return pages


def embed_page(wheel: str) -> str:
    """The questionnaire alone, on a page with no inline script or style (strict CSP works).

    One page for both languages: ``lang=en`` in its fragment (``data-lang="en"`` on the embedding)
    renders English, and its static pages are then the English edition's.
    """
    t = Texts("zh")
    note = t.html(
        "page.no_js",
        static=f'<a href="../check/s/start.html">{escape(t("page.static_link"))}</a>',
        tables=f'<a href="../check/s/table.html">{escape(t("page.tables_link"))}</a>',
    )
    body = app_markup("../", "../check/s/", "../" + wheel, note, states_en="../en/check/s/") + embed_note()
    return shell(t("page.check_title"), body, "../", script=True, both=True)


def copy_schema(site: Path) -> Path:
    """Copy the incident file's JSON Schema to ``site/schema/incident.schema.json``; return its path."""
    target = site / "schema" / "incident.schema.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(incident.__file__).parent / "data" / "incident.schema.json", target)
    return target


def write(site: Path) -> None:
    """Write everything this module builds into the built site ``site``."""
    copy_schema(site)
    _, stdlib = copy_pyodide(site)
    wheel = copy_wheel(site, stdlib)
    pages = {
        **static_pages(),
        "embed/index.html": embed_page(wheel),
    }
    for relative, html in pages.items():
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    page = site / "check" / "index.html"
    if page.exists():
        page.write_text(page.read_text(encoding="utf-8").replace(WHEEL_PLACEHOLDER, "../" + wheel), encoding="utf-8")
    loader = site / "embed.js"
    if loader.exists():
        text = loader.read_text(encoding="utf-8")
        if EMBED_TITLES_PLACEHOLDER not in text:
            raise BuildError(f"embed.js lacks {EMBED_TITLES_PLACEHOLDER}, where the questionnaire's names go")
        loader.write_text(text.replace(EMBED_TITLES_PLACEHOLDER, json.dumps(titles())), encoding="utf-8")


def write_english(site_en: Path) -> None:
    """Write the English questionnaire's files into the English edition ``site_en`` (``site/en``),
    built after the Chinese site: its static pages and tables, and the wheel's address in its
    check page (the wheel, Pyodide and the worker are the Chinese build's, one level up)."""
    for relative, html in static_pages("en").items():
        target = site_en / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    site = site_en.parent
    wheels = sorted((site / "assets" / "check").glob("*/*.whl"))
    if len(wheels) != 1:
        raise BuildError(f"expected one wheel under {site}/assets/check/ (build the Chinese site first): {wheels}")
    wheel = wheels[0].relative_to(site).as_posix()
    page = site_en / "check" / "index.html"
    if page.exists():
        page.write_text(page.read_text(encoding="utf-8").replace(WHEEL_PLACEHOLDER, "../../" + wheel), encoding="utf-8")


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
