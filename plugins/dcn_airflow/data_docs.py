"""The Great Expectations Data Docs, made to work on a closed network.

GX writes every page against jQuery, Bootstrap 4, bootstrap-table, Font Awesome, the datepicker and Vega, all
from CDNs (``great_expectations/render/view/templates/*.j2``); none of them ships inside the installed
``great_expectations`` package, and offline the index stays empty because its tables are built by
bootstrap-table from data in a script. The privacy page therefore serves each HTML page with every tag that
loads from another host removed and two local files put in their place (``static/data-docs-offline.*``): a
stylesheet and a small script that does the few jQuery, Bootstrap and bootstrap-table calls the pages make.
GX's own local files (``static/styles``, images) stay as they are; its logo (an image on S3) becomes text. Vega charts are not drawn; their text is.
"""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).with_name("static")
OFFLINE_FILES = {"data-docs-offline.js": "text/javascript", "data-docs-offline.css": "text/css"}
# the folder (under the Data Docs URL) the two files are served from; no GX file is named like it
OFFLINE_FOLDER = "_dcn_offline"

# a <script src=...></script> or <link href=...> that loads from another host (http:, https: or //)
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"'](?:https?:)?//[^\"']*[\"'][^>]*>\s*</script>", re.I)
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"'](?:https?:)?//[^\"']*[\"'][^>]*>", re.I)
# GX's logo, fetched from S3 with the data context's id in the query string
_REMOTE_IMAGE = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"'](?:https?:)?//[^\"']*[\"'][^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def offline_html(page: str, relative_path: str) -> str:
    """``page`` (a Data Docs HTML file at ``relative_path`` under the site root) with its CDN scripts and
    stylesheets replaced by the local ones; the links are relative, so the page works under any prefix."""
    up = "../" * relative_path.count("/")
    local = (
        f'<link rel="stylesheet" href="{up}{OFFLINE_FOLDER}/data-docs-offline.css">'
        f'<script src="{up}{OFFLINE_FOLDER}/data-docs-offline.js"></script>'
    )
    page = _REMOTE_IMAGE.sub("Data Docs", _REMOTE_LINK.sub("", _REMOTE_SCRIPT.sub("", page)))
    found = _HEAD.search(page)
    if found is None:
        return local + page
    return page[: found.end()] + local + page[found.end() :]


_REMOTE_URL_IN_CSS = re.compile(r"url\(\s*[\"']?(?:https?:)?//[^)]*\)", re.I)


def offline_css(stylesheet: str) -> str:
    """A Data Docs stylesheet without what it would fetch from another host (GX's dark-mode logo)."""
    return _REMOTE_URL_IN_CSS.sub("none", stylesheet)


def offline_file(name: str) -> tuple[Path, str] | None:
    """One of the two local files by name, with its media type; None for any other name."""
    if name not in OFFLINE_FILES:
        return None
    return STATIC / name, OFFLINE_FILES[name]
