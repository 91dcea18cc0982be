"""Pack the built site into a dated zip for self-hosting: ``make bundle``.

Build-time room. May import: the standard library.

The zip holds ``site/`` as it is: every link is relative, so it can be unpacked under any path
of any static web server (README and the 嵌入到内网 page list the server settings that matter).
"""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"


def bundle(site: Path = SITE, out_dir: Path = ROOT / "dist", today: dt.date | None = None) -> Path:
    """Write ``incident-reporting-guide-<date>.zip`` with the site's files; returns its path."""
    if not (site / "check" / "index.html").exists():
        raise SystemExit("bundle: build the site first (make site)")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"incident-reporting-guide-{(today or dt.date.today()).isoformat()}.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(site).as_posix())
    return target


def main() -> int:
    """Build the bundle and say where it is."""
    target = bundle()
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
