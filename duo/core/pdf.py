"""The one way Duo hands a URL fetcher to WeasyPrint: every PDF Duo renders is self-contained (styles, charts and
text inline, system fonts), so the renderer must never open a URL or read a file because some text in the document
names one.

WeasyPrint 68 replaced plain fetcher functions with the `weasyprint.urls.URLFetcher` class; from 70 a plain function
makes the renderer crash (it reads `_fail_on_errors` off the fetcher) as soon as the document names any URL. Each
caller keeps its own module-level refusing function, so a test can still spy on the URLs asked for."""

from __future__ import annotations

from typing import Callable


def refusing_fetcher(refuse: Callable[[str], object]):
    """A `URLFetcher` whose every request (network, file:, data:, redirects) goes to `refuse`, which must raise.
    WeasyPrint then logs the refusal and lays the document out without the resource."""
    from weasyprint.urls import URLFetcher  # heavy: loaded only when a PDF is asked for

    class RefusingFetcher(URLFetcher):
        def __init__(self):
            # No redirects and no protocol allowed: even a call that reached the parent class would open nothing.
            super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

        def fetch(self, url, headers=None):
            refuse(url)
            raise ValueError(f"external resource refused: {url}")  # should `refuse` ever return

    return RefusingFetcher()
