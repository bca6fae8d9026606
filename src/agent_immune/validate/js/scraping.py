"""Browser automation and scraping from code (Playwright, Puppeteer, Selenium, Scrapy, Crawlee, Apify), from TypeScript and JavaScript
(session 23)."""
from __future__ import annotations


class Scraping:
    def visit_scraping(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is the property node of a member call): settled by its name before anything else is read."""
        return
