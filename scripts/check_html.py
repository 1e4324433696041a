"""Render an HTML report in a real headless browser and save what it shows, at phone and desktop widths.

    PYTHONPATH=src python scripts/check_html.py report.html [--out DIR] [--browser /usr/bin/chromium]

Writes ``DIR/report-phone.png`` (390 px wide), ``DIR/report-desktop.png`` (1280 px) and ``DIR/report.pdf``
with Chromium (Debian's ``chromium`` package) in headless mode, networking off, a fresh profile each run, and
fails when the browser fails or an output is missing or empty. Look at the PNGs: the page is meant to read
on a phone. Not part of ``make test``: it needs a browser.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)
SHOTS = (("report-phone.png", "390,1800"), ("report-desktop.png", "1280,2000"))


def render(page: pathlib.Path, out: pathlib.Path, browser: str) -> list[pathlib.Path]:
    out.mkdir(parents=True, exist_ok=True)
    url = page.resolve().as_uri()
    made = []
    for name, size in SHOTS:
        made.append(out / name)
        _run(browser, f"--window-size={size}", f"--screenshot={made[-1]}", url)
    made.append(out / "report.pdf")
    _run(browser, "--no-pdf-header-footer", f"--print-to-pdf={made[-1]}", url)
    return made


def _run(browser: str, *arguments: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        command = [browser, *FLAGS, f"--user-data-dir={profile}", *arguments]
        subprocess.run(command, check=True, capture_output=True, timeout=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=pathlib.Path)
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("html-check"))
    parser.add_argument("--browser", default="/usr/bin/chromium")
    args = parser.parse_args()
    made = render(args.page, args.out, args.browser)
    empty = [str(path) for path in made if not path.exists() or path.stat().st_size == 0]
    for path in made:
        print(f"{path}: {path.stat().st_size if path.exists() else 0:,} bytes")
    if empty:
        print(f"check_html: nothing rendered into {', '.join(empty)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
