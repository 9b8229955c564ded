"""Render the app icons (web app manifest, home screens) from the brand mark of
static/img/favicon.svg, with Chromium through Playwright. Run `make icons` after changing the
mark; the PNGs are committed.

- icon-<size>.png: the rounded tile of the favicon ("any" purpose).
- maskable-<size>.png: a full-bleed tile with the mark inside the central safe circle (40%
  of the size as radius), so a launcher may crop it to any shape.
- apple-touch-icon.png: 180 x 180, full bleed (iOS rounds the corners itself).
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
FAVICON = ROOT / "static" / "img" / "favicon.svg"
OUT = ROOT / "static" / "img" / "icons"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BRAND = "#0b5c63"


def mark() -> str:
    """The favicon's drawing without its tile: the path of the mark, in a 32 x 32 box."""
    svg = FAVICON.read_text()
    return re.search(r"<path [^>]*/>", svg).group(0)


def tile(*, rounded: bool, scale: float) -> str:
    """An SVG of the mark on the brand colour, the mark scaled around the centre."""
    radius = 7 if rounded else 0
    offset = 16 * (1 - scale)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="100%" height="100%">'
        f'<rect width="32" height="32" rx="{radius}" fill="{BRAND}"/>'
        f'<g transform="translate({offset} {offset}) scale({scale})">{mark()}</g></svg>'
    )


ICONS = [
    ("icon-192.png", 192, tile(rounded=True, scale=1)),
    ("icon-512.png", 512, tile(rounded=True, scale=1)),
    # The mark spans 22 of 32 units: at 0.62 its corners stay inside the 40% safe circle.
    ("maskable-192.png", 192, tile(rounded=False, scale=0.62)),
    ("maskable-512.png", 512, tile(rounded=False, scale=0.62)),
    ("apple-touch-icon.png", 180, tile(rounded=False, scale=0.8)),
]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, size, svg in ICONS:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(
                "<html><body style='margin:0;background:transparent'>"
                f"<div style='width:{size}px;height:{size}px'>{svg}</div></body></html>"
            )
            page.screenshot(path=str(OUT / name), omit_background=True)
            page.close()
            print(OUT / name)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
