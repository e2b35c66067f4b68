"""Headless Chromium for tests: Debian's /usr/bin/chromium driven by Playwright's Python API.

Playwright never downloads a browser here: it is pointed at the system executable. A test that
needs the browser calls ``chromium_page()`` (a context manager) and is skipped, with the reason,
when Playwright or the executable is missing.

    with chromium_page() as page:
        page.goto(path.as_uri())
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("KG_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)


def skip_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium executable at {CHROMIUM} (apt-get install chromium)"
    return None


@contextmanager
def chromium_page(*, width: int = 1280, height: int = 800) -> Iterator:
    """A fresh page of a fresh headless Chromium with a throw-away profile.

    Skips the calling test when the browser cannot be started.
    """
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=list(CHROMIUM_ARGS),
                viewport={"width": width, "height": height},
                offline=True,
            )
            try:
                page = context.pages[0] if context.pages else context.new_page()
                page.set_default_timeout(10_000)  # fail in seconds, not Playwright's 30
                yield page
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
