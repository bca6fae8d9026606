"""Rule `irreversible` for endpoints that delete by name (`POST /api/chat.delete`, `/points/delete`,
`…/queues/q:purge`, `/indexes/x/clear`: validate/endpoints.py) in shell commands and in Python and
TypeScript HTTP clients, GraphQL delete mutations sent from code, and the clients read for this
(ofetch / `$fetch`, Angular's HttpClient, graphql-request).

Every held case was allowed before; every allowed case is a look-alike that must stay allowed (docs
pages, other methods, cache purges, logouts, this machine, paths relative to the app's own origin,
mocked HTTP). The method a tool picks when none is given is checked against the real curl and wget.
The batch `corpus/batch-2026-11-22-s8-http.jsonl` holds more of both, checked at the end.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.validate import Policy, validate
from agent_immune.validate.bash.api_calls import curl_requests, httpie_requests, wget_requests
from agent_immune.validate.bash.words import Word
from agent_immune.validate.common_code import COMPUTED
from agent_immune.validate.endpoints import deleting_endpoint

from .helpers import assert_allowed, assert_reviewed
from .test_fastpath_equivalence import assert_same
from .test_irreversible_api import _sent, recorder  # noqa: F401  (recorder: a fixture, used by name)

BATCH = Path(__file__).parent / "corpus" / "batch-2026-11-22-s8-http.jsonl"


# -- the shared test ---------------------------------------------------------------------------------
@pytest.mark.parametrize("url,method,name", [
    # RPC-style methods, vector and search stores, files
    ("https://h/api/chat.delete", "POST", "chat.delete"),
    ("https://h/api/admin.conversations.delete", "POST", "admin.conversations.delete"),
    ("https://h/api/chat.deleteScheduledMessage", "POST", "chat.deleteScheduledMessage"),
    ("https://h/collections/docs/points/delete", "POST", "points/delete"),
    ("https://h/vectors/delete", "POST", "vectors/delete"),
    ("https://h/api/v1/collections/x/delete", "POST", "x/delete"),
    ("https://h/indexes/movies/documents/delete", "POST", "documents/delete"),
    ("https://h/indexes/movies/documents/delete-batch", "POST", "documents/delete-batch"),
    ("https://h/2/files/delete_v2", "POST", "files/delete_v2"),
    ("https://h/2/files/delete_batch", "POST", "files/delete_batch"),
    ("https://h/2/files/permanently_delete", "POST", "files/permanently_delete"),
    ("https://h/1/indexes/p/deleteByQuery", "POST", "p/deleteByQuery"),
    ("https://h/3.0/lists/l/members/m/actions/delete-permanent", "POST", "actions/delete-permanent"),
    ("https://h/v1/items/bulk_delete", "POST", "items/bulk_delete"),
    ("https://h/v1/items/deleteAll", "PUT", "items/deleteAll"),
    ("https://h/v1/items/bulkDelete", "PATCH", "items/bulkDelete"),
    ("https://h/rpc/deleteUser", "POST", "rpc/deleteUser"),
    ("https://h/users/7/delete", "POST", "7/delete"),
    ("https://h/users/delete/7", "POST", "users/delete"),  # the verb before an id
    ("https://h/users/delete/3f2a9c1e-8b7d-4c6e-9f0a-1b2c3d4e5f60", "POST", "users/delete"),
    ("https://h/admin/delete.php", "POST", "admin/delete.php"),
    ("https://h/v1_1/demo/image/destroy", "POST", "image/destroy"),
    ("https://h/v2/vectordb/collections/drop", "POST", "collections/drop"),
    ("https://h/v0/datasources/events/truncate", "POST", "events/truncate"),
    ("https://h/managedDevices/d1/wipe", "POST", "d1/wipe"),
    ("https://h/1/indexes/products/clear", "POST", "products/clear"),
    ("https://h/1/indexes/products/rules/clear", "POST", "rules/clear"),
    # Google-style custom methods
    ("https://h/v2/projects/p/locations/l/queues/q:purge", "POST", "q:purge"),
    ("https://h/v1/projects/p/things:batchDelete", "POST", "things:batchDelete"),
    ("https://h/v1/projects/p/things/t:delete", "POST", "t:delete"),
    # a method only known at run time is taken for a sending one
    ("https://h/collections/docs/points/delete", "", "points/delete"),
    # GET: only with a query string to an RPC-style method
    ("https://h/api/files.delete?file=F1", "GET", "files.delete"),
    ("https://h/bot1:AAA/deleteMessage?chat_id=1&message_id=2", "GET", "deleteMessage"),
    # placeholders for what the code computes
    (f"{COMPUTED}/vectors/delete", "POST", "vectors/delete"),
    (f"{COMPUTED}/delete", "POST", "delete"),
    # the query and fragment are not the path
    ("https://h/points/delete?wait=true#x", "POST", "points/delete"),
    ("https://h/points/delete/", "POST", "points/delete"),
])
def test_deleting_endpoint(url: str, method: str, name: str) -> None:
    assert deleting_endpoint(url, method) == name


@pytest.mark.parametrize("url,method", [
    ("https://docs.example.com/api/delete", "GET"),  # a page about deleting
    ("https://docs.example.com/api/delete?lang=en", "GET"),  # ... with a query: not an RPC-style name
    ("https://h/api/chat.delete", "GET"),  # no arguments: reading the method's description
    ("https://h/api/chat.delete?x=1", "HEAD"), ("https://h/api/chat.delete", "OPTIONS"),
    ("https://h/api/chat.postMessage", "POST"), ("https://h/collections/docs/points/search", "POST"),
    # cache purges: the cache refills
    ("https://h/client/v4/zones/abc/purge_cache", "POST"), ("https://h/purge?url=x", "POST"),
    ("https://h/service/s1/purge_all", "POST"), ("https://h/purge", "POST"),
    # logouts
    ("https://h/sessions/destroy", "POST"), ("https://h/session/destroy", "POST"), ("https://h/auth/destroy", "POST"),
    ("https://h/users/destroy_session", "POST"),
    # clearing what loses nothing
    ("https://h/api/cache/clear", "POST"), ("https://h/notifications/clear", "POST"),
    ("https://h/v1/drafts/clear-formatting", "POST"),
    # undone, previewed, asked about, past tense, part of another word
    ("https://h/v1/projects/p/things/t:undelete", "POST"), ("https://h/items/42/soft_delete", "POST"),
    ("https://h/items/delete_preview", "POST"), ("https://h/items/can_delete", "POST"),
    ("https://h/items/deleted", "POST"), ("https://h/items/undelete", "POST"), ("https://h/dropdown", "POST"),
    ("https://h/drag-drop", "POST"), ("https://h/drop/zone", "POST"), ("https://h/items/deletion", "POST"),
    ("https://h/v1/projects/p/operations/o:cancel", "POST"),
    # only the path is read: not the host, the query or the fragment
    ("https://delete.example.com", "POST"), ("https://delete.example.com/", "POST"),
    ("https://h/search?q=delete", "POST"), ("https://h/docs#delete", "POST"), ("", "POST"), ("/", "POST"),
])
def test_not_a_deleting_endpoint(url: str, method: str) -> None:
    assert deleting_endpoint(url, method) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["GET", "POST", "PUT", "", "HEAD", "DELETE"]))
def test_deleting_endpoint_is_total(url: str, method: str) -> None:
    name = deleting_endpoint(url, method)
    assert name is None or (name and all(part in url for part in name.split("/")))


# -- the shell side ----------------------------------------------------------------------------------
BASH_HELD = {
    "curl -X POST https://chat.example.com/api/chat.delete -d channel=C1 -d ts=1": "calls `chat.delete` on "
                                                                                   "chat.example.com",
    "curl https://chat.example.com/api/chat.delete -d channel=C1": "chat.delete",  # a body: curl POSTs
    "curl --data-urlencode ts=1 https://chat.example.com/api/chat.delete": "chat.delete",
    "curl -F file=F1 https://chat.example.com/api/files.delete": "files.delete",  # a form: POST
    "curl --json '{\"ids\":[1]}' https://qdrant.example.com/collections/d/points/delete": "points/delete",
    "curl -T ids.json https://api.example.com/v1/items/deleteAll": "items/deleteAll",  # an upload: PUT
    "curl -G https://chat.example.com/api/chat.delete -d channel=C1 -d ts=1": "chat.delete",  # a GET query
    "curl 'https://chat.example.com/api/files.delete?file=F1'": "files.delete",
    "curl -X POST https://tasks.example.com/v2/projects/p/locations/l/queues/q:purge": "q:purge",
    "curl -sSfX POST https://search.example.com/1/indexes/products/clear": "products/clear",
    "curl -X post https://qdrant.example.com/collections/d/points/delete": "points/delete",  # any case
    "curl -X \"$METHOD\" https://qdrant.example.com/collections/d/points/delete": "points/delete",  # computed
    "curl -X POST \"$QDRANT_URL/collections/docs/points/delete\" -d '{}'": "a host known only at run time",
    "curl -X POST https://qdrant.example.com/collections/d/points/de''lete -d '{}'": "points/delete",
    "curl -X POST https://qdrant.example.com/collections/d/points/dele\\te -d '{}'": "points/delete",
    "curl -X POST https://qdrant.example.com/collections/d/points/DELETE -d '{}'": "points/DELETE",
    "curl -s https://example.com/ok --next -X POST https://milvus.example.com/v2/vectordb/collections/drop":
        "collections/drop",
    "curl -X POST http://localhost:8000/ok https://files.example.com/2/files/delete_v2": "files/delete_v2",
    "wget --post-data='channel=C1' https://chat.example.com/api/chat.delete": "chat.delete",
    "wget --post-file=ids.json https://chat.example.com/api/chat.delete": "chat.delete",
    "wget --method=POST https://qdrant.example.com/collections/d/points/delete": "points/delete",
    "http POST https://vectors.example.net/vectors/delete deleteAll:=true": "vectors/delete",
    "http https://vectors.example.net/vectors/delete deleteAll:=true": "vectors/delete",  # data: POST
    "https vectors.example.net/vectors/delete ids:='[1]'": "vectors/delete",
    "xh qdrant.example.com/collections/d/points/delete filter=x": "points/delete",
    "http GET https://chat.example.com/api/chat.delete channel==C1 ts==1": "chat.delete",  # a GET query
    "curlie -d ids=1 https://qdrant.example.com/collections/d/points/delete": "points/delete",
    "sudo curl -X POST https://chat.example.com/api/chat.delete -d ts=1": "chat.delete",
    "ls && curl -X POST https://chat.example.com/api/chat.delete -d ts=1": "chat.delete",
    "cat ids | xargs -I{} curl -X POST https://chat.example.com/api/chat.delete -d ts={}": "chat.delete",
    # HTTPie and xh POST what reaches their standard input (HTTPie 3.2.4, checked by hand on 127.0.0.1: a pipe,
    # `<`, `<<<`, even `< /dev/null`, each gave a POST; `--ignore-stdin` a GET)
    "echo '{\"filter\":{}}' | http https://q.example.com/collections/docs/points/delete": "points/delete",
    "http https://q.example.com/collections/docs/points/delete < body.json": "points/delete",
    "xh https://q.example.com/collections/docs/points/delete <<< '{}'": "points/delete",
}


def _reviewed_saying(source: str, says: str, lang: str = "bash") -> None:
    v = assert_reviewed(source, "irreversible", lang)
    assert any(says in r.message for r in v.reasons), [r.message for r in v.reasons]


@pytest.mark.parametrize("source", list(BASH_HELD))
def test_bash_held(source: str) -> None:
    _reviewed_saying(source, BASH_HELD[source])


BASH_ALLOWED = [
    "echo x | http --ignore-stdin https://q.example.com/collections/docs/points/delete",
    "http https://q.example.com/collections/docs/points/delete | jq .",  # its output is piped, not its input
    "echo '{}' | http :6333/collections/docs/points/delete", "cat q.json | http https://api.example.com/v1/items/search",
    "curl https://docs.example.com/api/delete", "curl -s https://docs.example.com/methods/chat.delete",
    "curl https://chat.example.com/api/chat.delete",  # no arguments: not a call that can delete
    "curl -G https://docs.example.com/api/delete -d lang=en", "curl -I https://files.example.com/2/files/delete_v2",
    "curl -X GET https://qdrant.example.com/collections/d/points/delete",
    "curl -X POST https://chat.example.com/api/chat.postMessage -d channel=C1 -d text=hi",
    "curl -X POST http://localhost:6333/collections/docs/points/delete -d '{}'",
    "curl -X POST http://127.0.0.1:8000/api/v1/collections/x/delete",
    "curl -X POST http://[::1]:7700/indexes/movies/documents/delete",
    "curl -X POST http://host.docker.internal:6333/collections/d/points/delete",
    "curl -X POST https://api.example.com/client/v4/zones/abc/purge_cache -d '{\"purge_everything\":true}'",
    "curl -X POST https://api.example.com/service/s1/purge_all",
    "curl -X POST https://app.example.com/sessions/destroy", "curl -X POST https://app.example.com/api/cache/clear",
    "curl -X POST https://api.example.com/v1/projects/p/things/t:undelete",
    "curl -X POST https://search.example.com/1/indexes/p/query -d '{\"query\":\"clear all\"}'",
    "curl -X POST https://api.example.com/search -d q=delete",
    "wget https://docs.example.com/guides/delete-account.html",
    "wget -O drop.tgz https://downloads.example.com/releases/drop.tgz",
    "http GET https://docs.example.com/api/points/delete",
    "http https://docs.example.com/api/points/delete Accept:application/json",  # a header: still a GET
    "http https://docs.example.com/api/delete lang==en",  # a query item: still a GET
    "http POST :6333/collections/docs/points/delete points:='[1]'",
    "xh :8000/collections/docs/points/delete ids:='[1]'",
    "http --offline POST https://qdrant.example.com/collections/d/points/delete ids:='[1]'",
    "curl --help all | grep -i delete", "echo 'curl -X POST https://h.example.com/points/delete'",
]


@pytest.mark.parametrize("source", BASH_ALLOWED)
def test_bash_allowed(source: str) -> None:
    assert_allowed(source)


def _words(line: str) -> list[Word]:
    return [Word(None, v, v) for v in line.split()]


@pytest.mark.parametrize("line,expected", [
    ("https://h/a", [("GET", False)]), ("-d x=1 https://h/a", [("POST", False)]),
    ("--json {} https://h/a", [("POST", False)]), ("-F a=b https://h/a", [("POST", False)]),
    ("-G -d x=1 https://h/a", [("GET", True)]), ("--get https://h/a", [("GET", False)]),
    ("-I https://h/a", [("HEAD", False)]), ("-T f https://h/a", [("PUT", False)]),
    ("-sGd x=1 https://h/a", [("GET", True)]),
    ("-d x=1 https://h/a --next https://h/b", [("POST", False), ("GET", False)]),  # --next resets the body
])
def test_curl_default_method(line: str, expected) -> None:
    assert [(r.default, r.query) for r in curl_requests(_words(line))] == expected


@pytest.mark.parametrize("line,expected", [
    ("https://h/a", "GET"), ("--post-data=a=1 https://h/a", "POST"), ("--post-file=f https://h/a", "POST"),
    ("--post-d=a=1 https://h/a", "POST"), ("--body-data=a=1 --method=PUT https://h/a", "GET"),
])
def test_wget_default_method(line: str, expected: str) -> None:
    assert [r.default for r in wget_requests(_words(line))] == [expected]


@pytest.mark.parametrize("line,curl,expected", [
    ("https://h/a", False, ("GET", False)), ("https://h/a x=1", False, ("POST", False)),
    ("https://h/a x:=1", False, ("POST", False)), ("https://h/a f@ids.json", False, ("POST", False)),
    ("https://h/a x=@f", False, ("POST", False)), ("https://h/a Accept:text/plain", False, ("GET", False)),
    ("https://h/a q==1", False, ("GET", True)), ("https://h/a q==1 x=2", False, ("POST", True)),
    ("https://h/a X-A:b=c", False, ("GET", False)),  # the header separator comes first
    ("https://h/a a\\=b==c", False, ("GET", True)),  # an escaped separator is part of the name
    ("--raw=x https://h/a", False, ("POST", False)), ("-d x https://h/a", False, ("GET", False)),  # -d: download
    ("-d x=1 https://h/a", True, ("POST", False)),  # curlie: curl's -d
])
def test_httpie_default_method(line: str, curl: bool, expected) -> None:
    assert [(r.default, r.query) for r in httpie_requests(_words(line), curl)] == [expected]


# the methods curl picks, and whether the body went into the query, against the real curl
_CURL_LINES = ["-s {u}/a", "-s -d x=1 {u}/a", "-s --data-urlencode x=1 {u}/a", "-s --json {{}} {u}/a",
               "-s -F x=1 {u}/a", "-s -G -d x=1 {u}/a", "-s -Gd x=1 {u}/a", "-s -I {u}/a", "-s -T {f} {u}/a",
               "-s -G {u}/a", "-s -X POST -G -d x=1 {u}/a", "-s -d x=1 {u}/a --next {u}/b",
               "-s -G -d x=1 {u}/a --next -d y=1 {u}/b"]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("line", _CURL_LINES)
def test_curl_default_method_matches_curl(recorder: str, line: str, tmp_path: Path) -> None:  # noqa: F811
    body = tmp_path / "body.json"
    body.write_text("{}")
    args = line.format(u=recorder, f=body).split()
    sent = [(m, p.partition("?")[0], "?" in p) for m, p in _sent(["curl", *args])]
    read = [((r.method.value if r.method else r.default), u.value.removeprefix(recorder), r.query)
            for r in curl_requests(_words(" ".join(args))) for u in r.urls]
    assert sent == read, (line, sent, read)


_WGET_LINES = ["{u}/a", "--post-data=x=1 {u}/a", "--post-file={f} {u}/a", "--post-d=x=1 {u}/a"]


@pytest.mark.skipif(shutil.which("wget") is None, reason="wget is not installed")
@pytest.mark.parametrize("line", _WGET_LINES)
def test_wget_default_method_matches_wget(recorder: str, line: str, tmp_path: Path) -> None:  # noqa: F811
    body = tmp_path / "body.json"
    body.write_text("{}")
    args = line.format(u=recorder, f=body).split()
    sent = _sent(["wget", "-q", "-O", "/dev/null", "--tries=1", *args])
    read = [(r.default, u.value.removeprefix(recorder)) for r in wget_requests(_words(" ".join(args))) for u in r.urls]
    assert sent == read, (line, sent, read)


_TOOLS = ["curl", "curl -s", "wget", "http", "xh", "curlie"]
_WORDS = ["-X", "POST", "GET", "-d", "x=1", "-G", "-I", "--json", "{}", "https://api.example.com/points/delete",
          "https://api.example.com/api/chat.delete", "'https://api.example.com/api/files.delete?f=1'",
          "https://api.example.com/q:purge", "https://api.example.com/indexes/p/clear", "https://h.example.com/drop",
          "https://h.example.com/x/truncate", "https://h.example.com/d/wipe", "https://h.example.com/image/destroy",
          "http://localhost:8000/points/delete", "\"$URL/points/delete\"", "--post-data=x", "x:=1", "q==1",
          "https://h.example.com/purge_cache", "https://h.example.com/sessions/destroy", "dele''te", "--next"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_TOOLS), st.lists(st.sampled_from(_WORDS), max_size=6))
def test_screens_agree_with_the_full_analysis(tool: str, words: list[str]) -> None:
    text = " ".join([tool] + words)
    assert_same(text)
    assert_same(f"ls && {text}")


# -- the code side -----------------------------------------------------------------------------------
PY_HELD = {
    'import requests\nrequests.post("https://chat.example.com/api/chat.delete", data={"channel": c, "ts": ts})':
        "`requests.post` sends a call of `chat.delete` to chat.example.com",
    'import requests\nrequests.put("https://api.example.com/v1/items/deleteAll")': "items/deleteAll",
    'import requests\nrequests.patch("https://api.example.com/v1/items/bulkDelete", json=ids)': "items/bulkDelete",
    'import requests\nrequests.get("https://chat.example.com/api/files.delete?file=F1")': "files.delete",
    'import requests\nrequests.request("POST", "https://tasks.example.com/v2/p/queues/q:purge")': "q:purge",
    'import httpx, os\nP = os.environ["PINECONE_HOST"]\nhttpx.post(f"{P}/vectors/delete", json={"deleteAll": True})':
        "a host read from the environment",
    'import requests\ns = requests.Session()\ns.post("https://qdrant.example.com/collections/d/points/delete", json={})':
        "points/delete",
    'import httpx\nc = httpx.Client(base_url="https://search.example.com")\nc.post("/1/indexes/products/clear")':
        "products/clear",
    'import httpx\nasync def f():\n    async with httpx.AsyncClient(base_url="https://q.example.com") as c:\n'
    '        await c.put("/collections/docs/points/delete")': "points/delete",
    'import aiohttp\ns = aiohttp.ClientSession("https://milvus.example.com")\ns.post("/v2/vectordb/collections/drop")':
        "collections/drop",
    'import requests\nBASE = "https://files.example.com/2"\nrequests.post(BASE + "/files/delete_v2", json=p)':
        "files/delete_v2",
    # GraphQL mutations that delete
    'import requests\nrequests.post("https://api.example.com/graphql", json={"query": "mutation { deleteRepository('
    'input: {repositoryId: $id}) { clientMutationId } }"})': "GraphQL mutation `deleteRepository`",
    'import requests\nQ = """mutation {\n  deleteProject(id: 1) { id }\n}"""\n'
    'requests.post("https://api.example.com/graphql", json={"query": Q})': "`deleteProject`",
    'import requests\nQ = "mutation($id: ID!) { deleteIssue(input: {issueId: $id}) { clientMutationId } }"\n'
    'body = {"query": Q, "variables": {"id": i}}\nrequests.post("https://api.example.com/graphql", json=body)':
        "`deleteIssue`",
    'import requests\nrequests.post("https://api.example.com/graphql", \'{"query": "mutation { deleteX(id: 1) }"}\')':
        "`deleteX`",
    'import httpx\nhttpx.post("https://api.example.com/graphql", content=b\'{"query":"mutation { deleteUser(id:1) }"}\')':
        "`deleteUser`",
}


@pytest.mark.parametrize("source", list(PY_HELD))
def test_python_held(source: str) -> None:
    _reviewed_saying(source, PY_HELD[source], "python")


PY_ALLOWED = [
    'import requests\nrequests.get("https://docs.example.com/api/delete")',
    'import requests\nrequests.get("https://chat.example.com/api/chat.delete")',
    'import requests\nrequests.post("https://chat.example.com/api/chat.postMessage", data={"channel": c})',
    'import requests\nrequests.post("http://localhost:6333/collections/docs/points/delete", json={"points": [1]})',
    'import requests\nrequests.post("http://127.0.0.1:8108/collections/x/delete")',
    'import requests\nrequests.post("/api/items/delete", json={"id": 1})',  # no base: requests sends nothing
    'import httpx\n\ndef purge(api, ids):\n    return httpx.post(f"{api}/vectors/delete", json={"ids": ids})',
    'import requests\nrequests.post("https://api.example.com/zones/abc/purge_cache", json={"purge_everything": True})',
    'import requests\nrequests.post("https://app.example.com/sessions/destroy", cookies=jar)',
    'import requests\nrequests.post("https://app.example.com/api/cache/clear")',
    'import httpx\nfrom app import app\nc = httpx.Client(app=app, base_url="https://testserver")\n'
    'c.post("/api/items/delete", json={"id": 1})',
    'import responses, requests\n\n@responses.activate\ndef test_delete():\n'
    '    responses.post("https://q.example.com/points/delete", json={})\n'
    '    requests.post("https://q.example.com/points/delete", json={"points": [1]})',
    'import requests\n\ndef test_purge(requests_mock):\n    requests_mock.post("https://q.example.com/points/delete")\n'
    '    requests.post("https://q.example.com/points/delete")',
    # GraphQL that reads, or names a delete without being a mutation
    'import requests\nrequests.post("https://api.example.com/graphql", json={"query": "query { repo { id } }"})',
    'import requests\nrequests.post("https://api.example.com/graphql", json={"query": "{ deletedItems { id } }"})',
    'import requests\nrequests.post("http://localhost:4000/graphql", json={"query": "mutation { deleteX(id: 1) }"})',
    'import requests\nrequests.get("https://api.example.com/graphql", params={"query": "mutation { deleteX }"})',
    # not HTTP clients
    'import sqlite3\ncon = sqlite3.connect("app.db")\ncur = con.cursor()\ncur.execute("DELETE FROM sessions WHERE expired = 1")',
    'cache = {}\ncache.post = None\nq = "mutation { deleteX }"\nprint(q)',
]


@pytest.mark.parametrize("source", PY_ALLOWED)
def test_python_allowed(source: str) -> None:
    assert_allowed(source, "python")


_ANGULAR_IMPORT = 'import { HttpClient } from "@angular/common/http";\n'
TS_HELD = {
    'await fetch("https://qdrant.example.com/collections/d/points/delete", { method: "POST", body: "{}" });':
        "`fetch` sends a call of `points/delete` to qdrant.example.com",
    'await fetch(`${process.env.PINECONE_HOST}/vectors/delete`, { method: "post", body });': "a host read from the env",
    'await fetch("https://chat.example.com/api/files.delete?file=F1");': "files.delete",  # a GET with a query
    'import axios from "axios";\nawait axios.post("https://chat.example.com/api/chat.delete", { channel, ts });':
        "chat.delete",
    'import axios from "axios";\nconst api = axios.create({ baseURL: "https://search.example.com" });\n'
    'await api.post("/1/indexes/products/clear");': "products/clear",
    'import axios from "axios";\nawait axios({ method: "post", url: "https://q.example.com/points/delete" });':
        "points/delete",
    'import ky from "ky";\nawait ky.post("https://q.example.com/collections/d/points/delete", { json: {} });':
        "points/delete",
    'import got from "got";\nawait got.put("https://api.example.com/v1/items/deleteAll");': "items/deleteAll",
    # GraphQL mutations that delete
    'await fetch("https://api.example.com/graphql", { method: "POST", body: JSON.stringify({ query: '
    '"mutation { deleteProject(id: 1) { id } }" }) });': "GraphQL mutation `deleteProject`",
    'const query = `mutation { deleteRepository(input: { repositoryId: "r" }) { clientMutationId } }`;\n'
    'await fetch("https://api.example.com/graphql", { method: "POST", body: JSON.stringify({ query }) });':
        "`deleteRepository`",
    'import axios from "axios";\nawait axios.post("https://api.example.com/graphql", { query: "mutation { deleteUser(id: 1) }" });':
        "`deleteUser`",
    'import { request, gql } from "graphql-request";\n'
    'await request("https://api.example.com/graphql", gql`mutation { deleteRepository(id: "1") { id } }`);':
        "`deleteRepository`",
    'import { request, gql } from "graphql-request";\nconst DEL = gql`mutation { deletePost(id: 1) { id } }`;\n'
    'await request({ url: "https://api.example.com/graphql", document: DEL });': "`deletePost`",
    'import { GraphQLClient, gql } from "graphql-request";\n'
    'const client = new GraphQLClient("https://api.example.com/graphql");\n'
    'await client.request(gql`mutation { deleteTeam(id: 1) { id } }`);': "`deleteTeam`",
    # ofetch and Nuxt's $fetch
    'import { ofetch } from "ofetch";\nawait ofetch("https://api.example.com/v1/projects/p1", { method: "DELETE" });':
        "an HTTP DELETE",
    'await $fetch("https://api.example.com/v1/projects/p1", { method: "delete" });': "an HTTP DELETE",
    'import { $fetch } from "ofetch";\nawait $fetch("https://q.example.com/points/delete", { method: "POST" });':
        "points/delete",
    'import { ofetch } from "ofetch";\nconst api = ofetch.create({ baseURL: "https://api.example.com" });\n'
    'await api("/v1/projects/p1", { method: "DELETE" });': "an HTTP DELETE",
    # Angular's HttpClient: constructor parameter, field, inject(), an alias of the import
    _ANGULAR_IMPORT + 'export class Repos {\n  constructor(private http: HttpClient) {}\n'
    '  remove(id: string) { return this.http.delete(`https://api.example.com/repos/${id}`); }\n}': "an HTTP DELETE",
    _ANGULAR_IMPORT + 'import { inject } from "@angular/core";\nexport class S {\n  private http = inject(HttpClient);\n'
    '  wipe() { return this.http.post("https://search.example.com/1/indexes/products/clear", {}); }\n}':
        "products/clear",
    _ANGULAR_IMPORT + 'export class S {\n  http!: HttpClient;\n'
    '  rm() { return this.http.request("DELETE", "https://api.example.com/v1/x"); }\n}': "an HTTP DELETE",
    'import { HttpClient as H } from "@angular/common/http";\nexport class S {\n  constructor(readonly api: H) {}\n'
    '  rm() { return this.api.delete("https://api.example.com/v1/x"); }\n}': "an HTTP DELETE",
    _ANGULAR_IMPORT + 'export class S {\n  constructor(private http: HttpClient) {}\n'
    '  rm() { return this.http.post("https://api.example.com/graphql", { query: "mutation { deleteX(id: 1) }" }); }\n}':
        "`deleteX`",
}


@pytest.mark.parametrize("source", list(TS_HELD))
def test_typescript_held(source: str) -> None:
    _reviewed_saying(source, TS_HELD[source], "typescript")


TS_ALLOWED = [
    'await fetch("/api/items/delete", { method: "POST", body: JSON.stringify({ id }) });',  # the app's own origin
    'await fetch("https://docs.example.com/api/delete");',
    'await fetch("http://localhost:6333/collections/docs/points/delete", { method: "POST", body });',
    'await fetch("https://q.example.com/collections/d/points/delete");',  # a GET, no query
    'import axios from "axios";\nawait axios.post("https://chat.example.com/api/chat.postMessage", { channel });',
    'import axios from "axios";\nawait axios.get("https://chat.example.com/api/chat.delete");',
    'await fetch("https://api.example.com/client/v4/zones/abc/purge_cache", { method: "POST" });',
    'await fetch("https://app.example.com/sessions/destroy", { method: "POST" });',
    'async function purge(api: string) {\n  await fetch(`${api}/vectors/delete`, { method: "POST" });\n}',
    'import { http, HttpResponse } from "msw";\nexport const h = [http.post("https://q.example.com/points/delete", '
    '() => HttpResponse.json({}))];\nawait fetch("https://q.example.com/points/delete", { method: "POST" });',
    'import nock from "nock";\nnock("https://api.example.com").post("/graphql").reply(200, {});\n'
    'await fetch("https://api.example.com/graphql", { method: "POST", body: JSON.stringify({ query: "mutation '
    '{ deleteX(id: 1) }" }) });',
    # GraphQL that reads, or sent to this machine
    'await fetch("https://api.example.com/graphql", { method: "POST", body: JSON.stringify({ query: '
    '"query { project(id: 1) { deletedAt } }" }) });',
    'import { request, gql } from "graphql-request";\nawait request("https://api.example.com/graphql", '
    'gql`query { projects { id } }`);',
    'import { request, gql } from "graphql-request";\nawait request("http://localhost:4000/graphql", '
    'gql`mutation { deleteRepository(id: "1") { id } }`);',
    # ofetch / $fetch: reads, relative paths
    'import { ofetch } from "ofetch";\nawait ofetch("https://api.example.com/v1/projects");',
    'await $fetch("/api/items/1", { method: "DELETE" });',
    # Angular: other methods, this machine, the app's own origin, a `http` that is not HttpClient
    _ANGULAR_IMPORT + 'export class Repos {\n  constructor(private http: HttpClient) {}\n'
    '  list() { return this.http.get("https://api.example.com/repos"); }\n}',
    _ANGULAR_IMPORT + 'export class Items {\n  constructor(private http: HttpClient) {}\n'
    '  remove(id: number) { return this.http.delete(`http://localhost:4200/api/items/${id}`); }\n}',
    _ANGULAR_IMPORT + 'export class Items {\n  constructor(private http: HttpClient) {}\n'
    '  remove(id: number) { return this.http.delete(`/api/items/${id}`); }\n}',
    'import { HttpClient } from "./my-http";\nexport class Items {\n  constructor(private http: HttpClient) {}\n'
    '  remove(id: number) { return this.http.delete(`https://api.example.com/items/${id}`); }\n}',
    _ANGULAR_IMPORT + 'export class Items {\n  constructor(private http: HttpClient, private store: Store) {}\n'
    '  remove(id: number) { return this.store.delete(`https://api.example.com/items/${id}`); }\n}',
    'class Store {\n  m = new Map<string, number>();\n  http = { delete: (k: string) => this.m.delete(k) };\n'
    '  drop(k: string) { return this.http.delete(k); }\n}',
    'const cache = new Map<string, number>();\ncache.delete(key);',
]


@pytest.mark.parametrize("source", TS_ALLOWED)
def test_typescript_allowed(source: str) -> None:
    assert_allowed(source, "typescript")


# -- the batch ---------------------------------------------------------------------------------------
def test_batch() -> None:
    check_batch(BATCH)


def check_batch(path: Path) -> None:
    """A batch of at least 35 lines that delete, each reviewed as `irreversible`, and 40 look-alikes, each allowed."""
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    counts = {label: sum(r["label"] == label for r in rows) for label in ("irreversible", "benign")}
    assert counts["irreversible"] >= 35 and counts["benign"] >= 40, counts
    assert {r["lang"] for r in rows} == {"bash", "python", "typescript"}
    wrong = []
    for r in rows:
        v = validate(r["cmd"], r["lang"], policy=Policy())
        ok = v.verdict == "review" and any(x.rule == "irreversible" for x in v.reasons) \
            if r["label"] == "irreversible" else v.verdict == "allow"
        if not ok:
            wrong.append((r["label"], v.verdict, r["cmd"]))
    assert not wrong, wrong


_TS_PIECES = [_ANGULAR_IMPORT, "class S {", "}", "constructor(private http: HttpClient) {}", "http = inject(HttpClient);",
              "http!: HttpClient;", "rm() { return this.http.delete(", "this.http.post(", "this.http.request(",
              '"https://api.example.com/points/delete"', '"DELETE"', ", ", ")", "); }", "{ query: Q }",
              'const Q = "mutation { deleteX(id: 1) }";', 'import { request, gql } from "graphql-request";',
              "request(", "gql`mutation { deleteY }`", 'import { ofetch } from "ofetch";', "ofetch(", "$fetch(",
              '{ method: "POST", body: JSON.stringify({ query: Q }) }', "new GraphQLClient(", "\n"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TS_PIECES), max_size=14))
def test_typescript_readers_are_total(pieces: list[str]) -> None:
    """Half-written classes, calls and imports in any order: judged without an exception."""
    v = validate("".join(pieces), "typescript", policy=Policy())
    assert v.verdict in ("allow", "review", "block")


_PY_PIECES = ["import requests\n", "import httpx\n", "requests.post(", "httpx.Client(base_url=", "c = ", "c.post(",
              '"https://api.example.com/points/delete"', '"/1/indexes/p/clear"', "json=", "data=", "body", "Q",
              '{"query": Q}', 'Q = "mutation { deleteX }"\n', "body = ", ", ", ")", "\n", "requests.get(",
              '"https://h.example.com/api/files.delete?f=1"', "requests.request(", '"POST", ']


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PY_PIECES), max_size=14))
def test_python_readers_are_total(pieces: list[str]) -> None:
    v = validate("".join(pieces), "python", policy=Policy())
    assert v.verdict in ("allow", "review", "block")


def test_computed_method_to_a_deleting_endpoint() -> None:
    """The URL says the call deletes: a method known only at run time is taken for a sending one (shell,
    TypeScript); a computed method to an ordinary URL stays allowed, as before."""
    assert_reviewed('curl -X "$M" https://q.example.com/collections/d/points/delete', "irreversible")
    assert_reviewed('await fetch("https://q.example.com/collections/d/points/delete", { method: m });',
                    "irreversible", "typescript")
    assert_allowed('curl -X "$M" https://api.example.com/v1/items/1')
    assert_allowed('await fetch("https://api.example.com/v1/x", { method: m });', "typescript")


@pytest.mark.parametrize("source,lang", [
    ('curl -X POST https://chat.example.com/api/chat.del${x}ete -d ts=1', "bash"),  # an unset variable spliced in
    ("curl -X POST $'https://chat.example.com/api/chat.\\x64elete' -d ts=1", "bash"),
    ('V=delete; curl -X POST https://qdrant.example.com/collections/docs/points/$V -d "{}"', "bash"),
    ('curl -X POST "https://qdrant.example.com/collections/docs/points/$(echo delete)" -d "{}"', "bash"),
    ('const url = new URL("/collections/docs/points/delete", "https://qdrant.example.com");\n'
     'await fetch(url, { method: "POST" });', "typescript"),  # the path joined to the base
    ('await fetch(new URL("/logs/_delete_by_query", "https://es.example.com"), { method: "POST" });', "typescript"),
])
def test_spliced_and_joined_names_held(source: str, lang: str) -> None:
    assert_reviewed(source, "irreversible", lang)


@pytest.mark.parametrize("source,lang", [
    ('curl -X POST "https://qdrant.example.com/collections/docs/points/$ACTION" -d "{}"', "bash"),  # not known
    ('curl -X POST "https://h.example.com/${kind}/search" -d q=1', "bash"),
    ('const url = new URL("/collections/docs/points/delete", "http://localhost:6333");\n'
     'await fetch(url, { method: "POST" });', "typescript"),
    ('await fetch(new URL("/items/1", "http://localhost:3000"), { method: "DELETE" });', "typescript"),
])
def test_spliced_and_joined_look_alikes_allowed(source: str, lang: str) -> None:
    assert_allowed(source, lang)
