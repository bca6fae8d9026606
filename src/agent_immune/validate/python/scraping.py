"""Browser automation and scraping from code (Playwright, Puppeteer, Selenium, Scrapy, Crawlee, Apify), from Python
(session 23)."""
from __future__ import annotations


class Scraping:
    def visit_scraping(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        return
