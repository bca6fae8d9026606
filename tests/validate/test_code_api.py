"""HTTP DELETE through Python and TypeScript HTTP clients (rule `irreversible`, review) and agent
SDKs started with their guard off (rule `unguarded-agent`, block).

Every held or blocked case below was allowed before these rules; every allowed case is a look-alike
that must stay allowed (the project's own API under test, other methods, `.delete` of things that
are not HTTP clients, mocked HTTP, SDK options that keep the guard). The batch file
`corpus/batch-2026-11-22-api-code.jsonl` holds more of both, checked at the end.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from agent_immune.validate import Policy, validate
from agent_immune.validate.common_code import COMPUTED, ENVIRONMENT, remote_target

from .helpers import assert_allowed, assert_blocked, assert_reviewed

BATCH = Path(__file__).parent / "corpus" / "batch-2026-11-22-api-code.jsonl"
REMOTE = "https://api.example.com"

PY_HELD = [
    # module functions, the method in any case and by keyword
    f'import requests\nrequests.delete("{REMOTE}/repos/acme/web", headers=h)',
    f'import requests\nrequests.request("DELETE", "{REMOTE}/v1/apps/web")',
    f'import requests\nrequests.request("delete", "{REMOTE}/v1/apps/web")',
    f'import requests\nrequests.request(method="Delete", url="{REMOTE}/v1/apps/web")',
    f'import requests\nrequests.api.delete("{REMOTE}/v1/apps/web")',
    f'import httpx\nhttpx.delete("{REMOTE}/v1/apps/web")',
    f'import httpx\nwith httpx.stream("DELETE", "{REMOTE}/v1/apps/web") as r:\n    pass',
    f'import urllib3\nurllib3.request("DELETE", "{REMOTE}/v1/apps/web")',
    f'import aiohttp\nasync def f():\n    async with aiohttp.request("DELETE", "{REMOTE}/v1/x") as r:\n        pass',
    f'import httpx\nfrom http import HTTPMethod\nhttpx.request(HTTPMethod.DELETE, "{REMOTE}/v1/x")',
    # names and aliases reaching them
    f'from requests import delete\ndelete("{REMOTE}/v1/apps/web")',
    f'import requests as r\nd = r.delete\nd("{REMOTE}/v1/apps/web")',
    f'import requests\ngetattr(requests, "delete")("{REMOTE}/v1/apps/web")',
    f'import requests\nm = "DELETE"\nrequests.request(m, "{REMOTE}/v1/apps/web")',
    # clients followed back to what made them, and their base URL
    f'import requests\ns = requests.Session()\ns.delete("{REMOTE}/v1/apps/web")',
    f'import requests\nwith requests.Session() as s:\n    s.delete("{REMOTE}/v1/apps/web")',
    f'from requests import Session\nSession().delete("{REMOTE}/v1/apps/web")',
    f'import httpx\nhttpx.Client(base_url="{REMOTE}").delete("/client/v4/zones/abc")',
    f'import httpx\nasync def f():\n    async with httpx.AsyncClient(base_url="{REMOTE}/v2") as c:\n        await c.delete(f"/droplets/{{i}}")',
    f'import httpx\nc = httpx.Client()\nreq = c.build_request("DELETE", "{REMOTE}/v1/x")\nc.send(req)',
    f'import aiohttp\naiohttp.ClientSession().delete("{REMOTE}/v1/x")',
    f'import aiohttp\ns = aiohttp.ClientSession("{REMOTE}")\ns.delete("/v1/x")',
    f'import urllib3\nurllib3.PoolManager().request("DELETE", "{REMOTE}/v1/x")',
    'import urllib3\npool = urllib3.HTTPSConnectionPool("api.example.com", port=443)\npool.urlopen("DELETE", "/v1/x")',
    'import http.client\nc = http.client.HTTPSConnection("api.example.com")\nc.request("DELETE", "/repos/a/b")',
    # requests made to be sent
    f'import urllib.request\nurllib.request.urlopen(urllib.request.Request("{REMOTE}/v1/x", method="DELETE"))',
    f'import requests\nrequests.Session().send(requests.Request("DELETE", "{REMOTE}/v1/x").prepare())',
    # URLs built from literal hosts
    'import requests\nurl = f"https://api.example.com/repos/{owner}/{repo}"\nrequests.delete(url)',
    'import requests\nBASE = "https://api.example.com"\nrequests.delete(BASE + "/repos/" + repo)',
    'import requests\nrequests.delete("https://api.example.com/repos/{}/{}".format(o, r))',
    'import requests\nrequests.delete("https://%s/repos/%s" % ("api.example.com", r))',
    'import requests\nfrom urllib.parse import urljoin\nrequests.delete(urljoin("https://api.example.com", "/v1/x"))',
    'import requests\nrequests.delete("http://10.0.4.12:9200/customers")',
    'import requests\nrequests.delete("//api.example.com/v1/x")',
    # Elasticsearch/OpenSearch `_delete_by_query`, whatever the method (as the shell rule holds it)
    'import requests\nrequests.post("https://es.example.com:9200/logs-*/_delete_by_query", json={"query": q})',
    'import httpx\nes = httpx.Client(base_url="https://es.example.com:9200")\nes.post("/orders/_delete_by_query", json=q)',
    'import requests\nrequests.request("POST", "https://es.example.com/x/_delete_by_query?conflicts=proceed")',
    # hosts read from the environment (as `curl -X DELETE "$API/x"`)
    'import requests, os\nrequests.delete(f"{os.environ[\'API\']}/repos/{r}")',
    'import requests, os\nrequests.delete(os.getenv("API") + "/v1/x")',
    'import requests, os\nAPI = os.environ.get("API") or "http://localhost:8000"\nrequests.delete(API + "/v1/x")',
    'import requests\nfrom os import environ\nrequests.delete("%s/v1/x" % environ["API"])',
    'import httpx, os\nc = httpx.Client(base_url=os.environ["API"])\nc.delete("/v1/x")',
]

PY_ALLOWED = [
    # this machine: an agent testing the API it builds
    'import requests\nrequests.delete("http://localhost:8000/items/3")',
    'import requests\nrequests.delete(f"http://127.0.0.1:{port}/items/{i}")',
    'import requests\nrequests.delete("http://[::1]:5000/items/1")',
    'import requests\nrequests.delete("http://0.0.0.0:5000/items/1")',
    'import requests\nrequests.delete("http://web.localhost/items/1")',
    'import requests\nrequests.delete("http://host.docker.internal:8000/items/1")',  # the machine a container runs on
    'import httpx\nhttpx.Client(base_url="http://localhost:8000").delete("/items/1")',
    'import http.client\nc = http.client.HTTPConnection("localhost:8000")\nc.request("DELETE", "/items/1")',
    # hosts the code computes itself (a parameter, a fixture, a setting)
    'import requests\ndef delete_item(api, i):\n    return requests.delete(f"{api}/items/{i}")',
    'import requests\ndef test_delete(httpserver):\n    requests.delete(httpserver.url_for("/items/1"))',
    'import requests\nrequests.delete(live_server.url + "/items/1")',
    'import requests\nrequests.request("DELETE", url)',
    # other methods, and paths with no base
    f'import requests\nrequests.get("{REMOTE}/v1/apps/web")',
    f'import requests\nrequests.post("{REMOTE}/v1/apps", json={{}})',
    f'import requests\nrequests.request("PUT", "{REMOTE}/v1/apps/web")',
    f'import requests\nrequests.request(method, "{REMOTE}/v1/apps/web")',
    f'import urllib.request\nurllib.request.Request("{REMOTE}/v1/x", method="POST")',
    'import requests\nrequests.Session().delete("/items/1")',
    'import requests\nrequests.post("http://localhost:9200/logs/_delete_by_query", json=q)',
    f'import requests\nrequests.post("{REMOTE}/logs/_search", json=q)',
    # `.delete` of things that are not HTTP clients
    'from sqlalchemy.orm import Session\nwith Session(engine) as session:\n    session.delete(obj)',
    'db.session.delete(user)\ndb.session.commit()',
    'import redis\nredis.Redis().delete("k")',
    'cache.delete("user:1")',
    'from fastapi.testclient import TestClient\nTestClient(app).delete("/items/1")',
    'client = app.test_client()\nclient.delete("/api/posts/1")',
    'from django.test import Client\nClient().delete("/api/posts/1/")',
    # route definitions of web frameworks
    'from fastapi import FastAPI\napp = FastAPI()\n@app.delete("/items/{item_id}")\ndef remove(item_id: int):\n    return None',
    'from fastapi import APIRouter\nrouter = APIRouter()\n@router.delete("https://api.example.com/x")\ndef r():\n    pass',
    'from aiohttp import web\napp.add_routes([web.delete("/items/{id}", handler)])',
    # in-process and mocked HTTP
    'import httpx\nhttpx.Client(app=app, base_url="http://test").delete("/items/1")',
    'import httpx\nhttpx.Client(transport=httpx.MockTransport(h), base_url="https://api.example.com").delete("/x")',
    f'import responses, requests\n@responses.activate\ndef test():\n    requests.delete("{REMOTE}/v1/x")',
    f'import respx, httpx\n@respx.mock\ndef test():\n    httpx.delete("{REMOTE}/v1/x")',
    f'def test_it(httpx_mock):\n    httpx.delete("{REMOTE}/v1/x")',
    # a module of the same name elsewhere in the text, a string mentioning the call
    f'print("requests.delete(\'{REMOTE}/v1/x\')")',
]

TS_HELD = [
    f'await fetch("{REMOTE}/repos/acme/web", {{ method: "DELETE", headers }})',
    f'await fetch("{REMOTE}/repos/acme/web", {{ method: "delete" }})',
    f'await globalThis.fetch("{REMOTE}/v1/x", {{ method: "DELETE" }})',
    f'const init = {{ method: "DELETE" }};\nawait fetch("{REMOTE}/v1/x", init)',
    f'const method = "DELETE";\nawait fetch("{REMOTE}/v1/x", {{ method }})',
    f'import fetch from "node-fetch";\nawait fetch("{REMOTE}/v1/x", {{ method: "DELETE" }})',
    f'import {{ fetch }} from "undici";\nawait fetch("{REMOTE}/v1/x", {{ method: "DELETE" }})',
    f'await fetch(new Request("{REMOTE}/v1/x", {{ method: "DELETE" }}))',
    f'const req = new Request("{REMOTE}/v1/x", {{ method: "DELETE" }});\nawait fetch(req)',
    f'import axios from "axios";\nawait axios.delete("{REMOTE}/v9/projects/web")',
    f'const axios = require("axios");\nawait axios.delete("{REMOTE}/v9/projects/web")',
    f'import axios from "axios";\nawait axios({{ method: "delete", url: "{REMOTE}/v1/x" }})',
    f'import axios from "axios";\nawait axios("{REMOTE}/v1/x", {{ method: "DELETE" }})',
    f'import axios from "axios";\nawait axios.request({{ method: "DELETE", url: "/v1/x", baseURL: "{REMOTE}" }})',
    f'import axios from "axios";\nconst api = axios.create({{ baseURL: "{REMOTE}" }});\nawait api.delete(`/v1/x/${{id}}`)',
    f'import axios from "axios";\nconst api = axios.create({{ baseURL: "{REMOTE}" }});\nawait api({{ method: "delete", url: "/v1/x" }})',
    f'import got from "got";\nawait got.delete("{REMOTE}/v1/x")',
    f'import got from "got";\nawait got("{REMOTE}/v1/x", {{ method: "DELETE" }})',
    f'import got from "got";\nconst c = got.extend({{ prefixUrl: "{REMOTE}" }});\nawait c.delete("v1/x")',
    f'import ky from "ky";\nawait ky.delete("{REMOTE}/v1/x")',
    f'import ky from "ky";\nawait ky("{REMOTE}/v1/x", {{ method: "delete" }})',
    f'import superagent from "superagent";\nawait superagent.delete("{REMOTE}/v1/x")',
    f'import request from "superagent";\nawait request.del("{REMOTE}/v1/x")',
    f'import {{ request }} from "undici";\nawait request("{REMOTE}/v1/x", {{ method: "DELETE" }})',
    f'import {{ Client }} from "undici";\nconst c = new Client("{REMOTE}");\nawait c.request({{ method: "DELETE", path: "/v1/x" }})',
    'import https from "https";\nhttps.request({ hostname: "api.example.com", path: "/v1/x", method: "DELETE" })',
    f'import https from "node:https";\nhttps.request("{REMOTE}/v1/x", {{ method: "DELETE" }})',
    'const url = `https://api.example.com/repos/${owner}/${repo}`;\nawait fetch(url, { method: "DELETE" })',
    'await fetch("https://api.example.com/repos/" + repo, { method: "DELETE" })',
    'await fetch(new URL(`/repos/${r}`, "https://api.example.com"), { method: "DELETE" })',
    'await fetch("https://es.example.com/logs/_delete_by_query", { method: "POST", body })',
    'import axios from "axios";\nawait axios.post("https://es.example.com/logs/_delete_by_query", q)',
    'import https from "https";\nhttps.request({ hostname: "es.example.com", path: "/logs/_delete_by_query", method: "POST" })',
    # hosts read from the environment
    'await fetch(`${process.env.API_URL}/repos/${r}`, { method: "DELETE" })',
    'const { API } = process.env;\nawait fetch(`${API}/v1/x`, { method: "DELETE" })',
    'const base = process.env["API"] ?? "http://localhost:3000";\nawait fetch(base + "/v1/x", { method: "DELETE" })',
    'import ky from "ky";\nconst api = ky.create({ prefixUrl: import.meta.env.VITE_API });\nawait api.delete("v1/x")',
    'await fetch(`${Deno.env.get("API")}/v1/x`, { method: "DELETE" })',
]

TS_ALLOWED = [
    'await fetch(`http://localhost:3000/api/todos/${id}`, { method: "DELETE" })',
    'await fetch("http://127.0.0.1:8787/kv/a", { method: "DELETE" })',
    'await fetch(`/api/todos/${id}`, { method: "DELETE" })',
    'await fetch(`${api}/items/${id}`, { method: "DELETE" })',
    'import axios from "axios";\nconst api = axios.create({ baseURL: "http://localhost:4000" });\nawait api.delete("/posts/1")',
    'import axios from "axios";\nawait axios.delete("/api/posts/1")',
    f'await fetch("{REMOTE}/v1/x", {{ method: "POST", body }})',
    'import axios from "axios";\nawait axios.post("http://localhost:9200/logs/_delete_by_query", q)',
    'import https from "https";\nhttps.request({ hostname: "localhost", port: 9200, path: "/x/_delete_by_query", method: "POST" })',
    'import https from "https";\nhttps.request({ hostname: "api.example.com", path: "/v1/x", method: "POST" })',
    f'await fetch("{REMOTE}/v1/x")',
    f'await fetch("{REMOTE}/v1/x", {{ method }})',
    f'import axios from "axios";\nawait axios.get("{REMOTE}/v1/x")',
    f'import axios from "axios";\nawait axios({{ method: "patch", url: "{REMOTE}/v1/x" }})',
    f'const r = new Request("{REMOTE}/v1/x", {{ method: "PUT" }})',
    'const m = new Map();\nm.delete("k");\nconst s = new Set();\ns.delete(1);',
    'await prisma.user.delete({ where: { id } })',
    'import request from "supertest";\nawait request(app).delete("/items/1").expect(204)',
    'url.searchParams.delete("page");\nheaders.delete("Authorization");',
    'await redis.del("session:1")',
    'import express from "express";\nconst app = express();\napp.delete("/items/:id", (req, res) => res.sendStatus(204));',
    'import { Hono } from "hono";\nconst app = new Hono();\napp.delete("/items/:id", (c) => c.body(null, 204));',
    'import { http, HttpResponse } from "msw";\nhttp.delete("https://api.example.com/items/:id", () => new HttpResponse(null));',
    f'import nock from "nock";\nnock("{REMOTE}").delete("/v1/x").reply(204);\nawait fetch("{REMOTE}/v1/x", {{ method: "DELETE" }})',
    f'vi.spyOn(globalThis, "fetch");\nawait fetch("{REMOTE}/v1/x", {{ method: "DELETE" }})',
    f'import {{ setupServer }} from "msw/node";\nawait fetch("{REMOTE}/v1/x", {{ method: "DELETE" }})',
    f'console.log(\'fetch("{REMOTE}/v1/x", {{ method: "DELETE" }})\')',
]

PY_SDK_BLOCKED = [
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(permission_mode="bypassPermissions")',
    'import claude_agent_sdk\nclaude_agent_sdk.ClaudeAgentOptions(permission_mode="bypassPermissions")',
    'from claude_code_sdk import ClaudeCodeOptions as O\nO(permission_mode="bypassPermissions")',
    'from claude_agent_sdk import *\nClaudeAgentOptions(permission_mode="bypassPermissions")',
    'from claude_agent_sdk import ClaudeAgentOptions\nmode = "bypassPermissions"\nClaudeAgentOptions(permission_mode=mode)',
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(allowed_tools=["Read", "Bash"])',
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(allowed_tools=["Bash(*)"])',
    'from claude_agent_sdk import ClaudeAgentOptions\ntools = ["Read", "Bash()"]\nClaudeAgentOptions(allowed_tools=tools)',
    'from claude_agent_sdk import ClaudeAgentOptions\no = {"permission_mode": "bypassPermissions"}\nClaudeAgentOptions(**o)',
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(**{"allowed_tools": ["Bash"]})',
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(extra_args={"dangerously-skip-permissions": None})',
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(extra_args={"permission-mode": "bypassPermissions"})',
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(settings=\'{"permissions": {"defaultMode": "bypassPermissions"}}\')',
    'import json\nfrom claude_agent_sdk import ClaudeAgentOptions\n'
    'ClaudeAgentOptions(settings=json.dumps({"permissions": {"allow": ["Bash"]}}))',
    'from claude_agent_sdk import ClaudeAgentOptions\no = ClaudeAgentOptions()\no.permission_mode = "bypassPermissions"',
    'from claude_agent_sdk import ClaudeSDKClient\nasync def f(c: ClaudeSDKClient):\n    await c.set_permission_mode("bypassPermissions")',
    'from claude_agent_sdk import AgentDefinition\nAgentDefinition(description="d", prompt="p", permissionMode="bypassPermissions")',
]

PY_SDK_ALLOWED = [
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(permission_mode="acceptEdits")',
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(permission_mode="default", can_use_tool=ask)',
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(permission_mode="plan")',
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(permission_mode="dontAsk", allowed_tools=["Read"])',
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(allowed_tools=["Read", "Bash(npm test)", "Bash(git diff:*)"])',
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(disallowed_tools=["Bash"])',
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(settings=".claude/ci-settings.json")',
    'from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(extra_args={"verbose": None})',
    'from claude_agent_sdk import ClaudeSDKClient\nasync def f(c):\n    await c.set_permission_mode("acceptEdits")',
    # the same words outside the SDK
    'preset = {"permission_mode": "bypassPermissions"}\nsave(preset)',
    'ClaudeAgentOptions(permission_mode="bypassPermissions")',  # no SDK imported: a class of the project's own
    'from myproject.options import Options\nOptions(permission_mode="bypassPermissions")',
    'MODES = ["default", "acceptEdits", "bypassPermissions"]',
]

TS_SDK_BLOCKED = [
    'import { query } from "@anthropic-ai/claude-agent-sdk";\n'
    'query({ prompt: "fix", options: { permissionMode: "bypassPermissions", allowDangerouslySkipPermissions: true } })',
    'import { query } from "@anthropic-ai/claude-code";\nquery({ prompt: "fix", options: { permissionMode: "bypassPermissions" } })',
    'import { query as q } from "@anthropic-ai/claude-agent-sdk";\nconst options = { permissionMode: "bypassPermissions" };\n'
    'q({ prompt: "fix", options })',
    'const sdk = require("@anthropic-ai/claude-agent-sdk");\nsdk.query({ prompt: "fix", options: { allowedTools: ["Bash"] } })',
    'import { query } from "@anthropic-ai/claude-agent-sdk";\nconst tools = ["Read", "Bash(*)"];\n'
    'query({ prompt: "fix", options: { allowedTools: tools } })',
    'import { query } from "@anthropic-ai/claude-agent-sdk";\n'
    'query({ prompt: "p", options: { extraArgs: { "dangerously-skip-permissions": null } } })',
    'import { query } from "@anthropic-ai/claude-agent-sdk";\n'
    'query({ prompt: "p", options: { settings: \'{"permissions": {"defaultMode": "bypassPermissions"}}\' } })',
    'import { query } from "@anthropic-ai/claude-agent-sdk";\n'
    'query({ prompt: "p", options: { settings: { permissions: { allow: ["Bash"] } } } })',
    'import { query } from "@anthropic-ai/claude-agent-sdk";\nconst q = query({ prompt: "p" });\n'
    'await q.setPermissionMode("bypassPermissions")',
    'import { Codex } from "@openai/codex-sdk";\nconst codex = new Codex();\ncodex.startThread({ sandboxMode: "danger-full-access" })',
    'import { Codex } from "@openai/codex-sdk";\nnew Codex().resumeThread(id, { sandboxMode: "danger-full-access" })',
    'import { Codex } from "@openai/codex-sdk";\nconst sandboxMode = "danger-full-access";\nnew Codex().startThread({ sandboxMode })',
    'import { Codex } from "@openai/codex-sdk";\nnew Codex({ config: { sandbox_mode: "danger-full-access" } })',
    'import { Codex } from "@openai/codex-sdk";\nnew Codex({ configOverrides: ["sandbox_mode=\\"danger-full-access\\""] })',
]

TS_SDK_ALLOWED = [
    'import { query } from "@anthropic-ai/claude-agent-sdk";\nquery({ prompt: "p", options: { permissionMode: "acceptEdits" } })',
    'import { query } from "@anthropic-ai/claude-agent-sdk";\nquery({ prompt: "p", options: { permissionMode: "auto" } })',
    'import { query } from "@anthropic-ai/claude-agent-sdk";\nquery({ prompt: "p", options: { allowDangerouslySkipPermissions: true } })',
    'import { query } from "@anthropic-ai/claude-agent-sdk";\n'
    'query({ prompt: "p", options: { allowedTools: ["Read", "Bash(npm test)"], canUseTool } })',
    'import { query } from "@anthropic-ai/claude-agent-sdk";\nconst q = query({ prompt: "p" });\nawait q.setPermissionMode("plan")',
    'import { Codex } from "@openai/codex-sdk";\nnew Codex().startThread({ sandboxMode: "workspace-write", approvalPolicy: "never" })',
    'import { Codex } from "@openai/codex-sdk";\nnew Codex({ config: { sandbox_mode: "read-only" } }).startThread()',
    # the same words outside the SDKs
    'const presets = { yolo: { permissionMode: "bypassPermissions" } };',
    'thread.startThread({ sandboxMode: "danger-full-access" });',
    'import { query } from "./db";\nquery({ options: { permissionMode: "bypassPermissions" } })',
]


CASES = [(src, lang, want) for lists, lang in (((PY_HELD, PY_ALLOWED, PY_SDK_BLOCKED, PY_SDK_ALLOWED), "python"),
                                               ((TS_HELD, TS_ALLOWED, TS_SDK_BLOCKED, TS_SDK_ALLOWED), "typescript"))
         for cases, want in zip(lists, ("irreversible", "allow", "unguarded-agent", "allow")) for src in cases]


@pytest.mark.parametrize("src,lang,want", CASES)
def test_case(src: str, lang: str, want: str) -> None:
    """`irreversible` cases are reviewed, `unguarded-agent` ones blocked, the look-alikes allowed."""
    if want == "allow":
        assert_allowed(src, lang)
    elif want == "irreversible":
        assert_reviewed(src, want, lang)
    else:
        assert_blocked(src, want, lang)


def test_messages_name_the_target() -> None:
    v = assert_reviewed(f'import requests\nrequests.delete("{REMOTE}/repos/a/b")', "irreversible", "python")
    msg = v.reasons[0].message
    assert "`requests.delete`" in msg and "api.example.com" in msg and "localhost" in msg
    v = assert_reviewed('await fetch(`${process.env.API}/v1/x`, { method: "DELETE" })', "irreversible", "typescript")
    assert "environment" in v.reasons[0].message and "process.env.API" in v.reasons[0].message
    v = assert_reviewed('import httpx, os\nhttpx.Client(base_url=os.environ["A"]).delete("/x")', "irreversible", "python")
    assert "base URL" in v.reasons[0].message
    v = assert_blocked('from claude_agent_sdk import ClaudeAgentOptions\nClaudeAgentOptions(permission_mode="bypassPermissions")',
                       "unguarded-agent", "python")
    assert "bypassPermissions" in v.reasons[0].message and "agent-immune sandbox" in v.reasons[0].message
    v = assert_blocked('import { Codex } from "@openai/codex-sdk";\nnew Codex().startThread({ sandboxMode: "danger-full-access" })',
                       "unguarded-agent", "typescript")
    assert "workspace-write" in v.reasons[0].message


def test_span_is_the_call() -> None:
    src = f'import requests\nx = 1\nrequests.delete("{REMOTE}/v1/x")'
    v = assert_reviewed(src, "irreversible", "python")
    span = v.reasons[0].span
    assert (span.start_row, span.start_col) == (2, 0) and span.snippet.startswith("requests.delete(")


# code run by other code: the shell's inline interpreters, here-documents, code strings
NESTED = [
    ("bash", f"python3 -c 'import requests; requests.delete(\"{REMOTE}/repos/a/b\")'", "irreversible"),
    ("bash", f"python3 - <<'PY'\nimport httpx\nhttpx.delete(\"{REMOTE}/zones/abc\")\nPY", "irreversible"),
    ("bash", f"node -e 'fetch(\"{REMOTE}/repos/a/b\", {{method: \"DELETE\"}})'", "irreversible"),
    ("bash", f"node --input-type=module <<'JS'\nimport axios from 'axios';\nawait axios.delete('{REMOTE}/x');\nJS",
     "irreversible"),
    ("bash", "python3 -c 'from claude_agent_sdk import ClaudeAgentOptions as O; O(permission_mode=\"bypassPermissions\")'",
     "unguarded-agent"),
    ("bash", "node -e 'const {query} = require(\"@anthropic-ai/claude-agent-sdk\"); "
             "query({prompt: \"x\", options: {permissionMode: \"bypassPermissions\"}})'", "unguarded-agent"),
    ("python", f"exec('import requests\\nrequests.delete(\"{REMOTE}/x\")')", "irreversible"),
    ("python", "import subprocess\nsubprocess.run(['python3', '-c', "
               f"'import requests; requests.delete(\"{REMOTE}/x\")'])", "irreversible"),
]


@pytest.mark.parametrize("lang,src,rule", NESTED)
def test_nested_code_is_judged(lang: str, src: str, rule: str) -> None:
    v = validate(src, lang, policy=Policy())
    assert v.verdict != "allow" and rule in {r.rule for r in v.reasons}, v


def test_nested_local_delete_stays_allowed() -> None:
    assert_allowed("python3 -c 'import requests; requests.delete(\"http://localhost:8000/items/1\")'")
    assert_allowed("node -e 'fetch(\"http://127.0.0.1:3000/items/1\", {method: \"DELETE\"})'")


def test_remote_target() -> None:
    assert remote_target("https://api.example.com/x") == "api.example.com"
    assert remote_target("HTTPS://API.example.com.:443/x") == "api.example.com"
    assert remote_target("http://user:pw@api.example.com/x") == "api.example.com"
    assert remote_target(f"http://user:{COMPUTED}@api.example.com/x") == "api.example.com"
    assert remote_target("//api.example.com/x") == "api.example.com"
    for local in ("http://localhost/x", "http://127.0.0.9:8/x", "http://[::1]/x", "http://0.0.0.0/x",
                  "http://a.localhost/x", f"http://localhost:{COMPUTED}/x"):
        assert remote_target(local) is None, local
    assert remote_target("/items/1") is None  # a path with no base
    assert remote_target("/items/1", "https://api.example.com") == "api.example.com"
    assert remote_target("/items/1", "http://localhost:8000") is None
    assert remote_target("https://api.example.com/x", "http://localhost:8000") == "api.example.com"
    assert remote_target(None) is None and remote_target(f"{COMPUTED}/items/1") is None  # the code's own values
    assert remote_target(f"https://{COMPUTED}/x") is None
    assert remote_target(f"{COMPUTED}/items/1", "https://api.example.com") == "api.example.com"
    assert remote_target(f"{ENVIRONMENT}/items/1") == ""  # the environment's
    assert remote_target(f"https://{ENVIRONMENT}/x") == ""
    assert remote_target("/x", ENVIRONMENT) == ""
    assert remote_target("file:///etc/x") is None and remote_target("mailto:a@b") is None


_HOSTS = st.sampled_from(["api.example.com", "localhost", "127.0.0.1", "[::1]", "10.1.2.3", "x.localhost", "0.0.0.0"])
_PATHS = st.text(st.sampled_from("abc/-_.{}%0"), max_size=12)


@settings(max_examples=150, deadline=None)
@given(host=_HOSTS, path=_PATHS, method=st.sampled_from(["DELETE", "delete", "Delete", "GET", "POST"]),
       lang=st.sampled_from(["python", "typescript"]))
def test_fuzz_held_only_for_remote_deletes(host: str, path: str, method: str, lang: str) -> None:
    url = f"https://{host}/{path}"
    if lang == "python":
        src = f"import requests\nrequests.request({method!r}, {url!r})"
    else:
        src = f"await fetch({json.dumps(url)}, {{ method: {json.dumps(method)} }})"
    v = validate(src, lang, policy=Policy())
    remote = host in ("api.example.com", "10.1.2.3") and method.upper() == "DELETE"
    assert v.verdict == ("review" if remote else "allow"), (src, v)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_fuzz_url_text_never_fails(text: str) -> None:
    for src, lang in ((f"import requests\nrequests.delete(f{text!r} + x)", "python"),
                      (f"await fetch(`${{x}}{text.replace('`', '').replace('$', '')}`, {{ method: 'DELETE' }})",
                       "typescript")):
        assert validate(src, lang, policy=Policy()).verdict in ("allow", "review", "block")


def test_batch() -> None:
    rows = [json.loads(line) for line in BATCH.read_text(encoding="utf-8").splitlines() if line.strip()]
    by: dict = {}
    for r in rows:
        by[r["label"]] = by.get(r["label"], 0) + 1
    assert by["irreversible"] >= 40 and by["malicious"] >= 12 and by["benign"] >= 50
    assert {r["lang"] for r in rows} == {"python", "typescript"}
    wrong = []
    for r in rows:
        v = validate(r["cmd"], r["lang"], policy=Policy())
        want = {"irreversible": ("review",), "malicious": ("block",), "benign": ("allow",)}[r["label"]]
        rules = {x.rule for x in v.reasons}
        expected = {"irreversible": "irreversible", "malicious": "unguarded-agent", "benign": None}[r["label"]]
        if v.verdict not in want or (expected is not None and expected not in rules):
            wrong.append((r["label"], v.verdict, r["cmd"]))
    assert not wrong, wrong


def test_analysis_attributes_stay_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """CPython 3.11 shares one key table among instances of a class only up to 30 keys; the instance
    that reaches 30 attributes gets a dict of its own, and every attribute lookup of the analysis (the
    commonest operation of the rules) becomes a dict search: one more attribute (this rule's first
    gate) cost 4.8 % of the instructions of every Python snippet (callgrind). Per-snippet state that
    only some snippets need is kept in locals or existing containers instead."""
    from agent_immune.validate.js.walk import JsAnalysis
    from agent_immune.validate.python.walk import PythonAnalysis

    seen: dict = {}
    for cls in (PythonAnalysis, JsAnalysis):
        def spy(self, root, run=cls.run, name=cls.__name__) -> None:
            run(self, root)
            seen[name] = max(seen.get(name, 0), len(vars(self)))

        monkeypatch.setattr(cls, "run", spy)
    for src, lang in (("import subprocess, sqlite3\nsubprocess.run(['ls'])\nsqlite3.connect('a.db').execute('SELECT 1')\n"
                       "# attributes", "python"),
                      ("import os\nfor r, d, f in os.walk('.'):\n    print(open(f[0]).read())\n# attributes", "python"),
                      ("import { execFileSync } from 'child_process';\nexecFileSync('ls', ['-l']);\n// attributes",
                       "typescript")):
        validate(src, lang, policy=Policy())
    assert set(seen) == {"PythonAnalysis", "JsAnalysis"} and all(n < 30 for n in seen.values()), seen
