"""Rule `irreversible` for deletes named inside a request body (JSON-RPC methods, batch sub-requests and actions,
`_bulk` delete lines, multipart batches: validate/endpoints.deleting_body), bodies read from a file the same input
wrote or from standard input, Python `params=` on a GET to an RPC-style method, GraphQL clients in code (gql,
Apollo, urql) and Angular's HttpClient reached other than through `this`.

Every held case was allowed before; every allowed case is a look-alike that must stay allowed (reads, creates,
messages that mention deleting, this machine, mocked HTTP, files the input did not write). How curl reads a body
(`-d @file` drops newlines, `--data-binary` / `--json` / `-T` keep them, `@-` reads standard input) is checked
against the real curl on 127.0.0.1. The batch `corpus/batch-2026-11-22-s9-http.jsonl` holds more of both.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.validate import Policy, validate
from agent_immune.validate.endpoints import deleting_body

from .helpers import assert_allowed, assert_reviewed
from .test_fastpath_equivalence import assert_same
from .test_http_verbs import check_batch
from .test_irreversible_api import _Recorder, recorder  # noqa: F401  (recorder: a fixture, used by name)

BATCH = Path(__file__).parent / "corpus" / "batch-2026-11-22-s9-http.jsonl"


# -- the shared test ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text,found", [
    ('{"jsonrpc":"2.0","method":"collections.delete","params":{"name":"docs"},"id":1}', "`collections.delete`"),
    ('{"method":"deleteCollection","params":["docs"]}', "`deleteCollection`"),
    ('{"method": "drop_table"}', "`drop_table`"),
    ('{"method":"truncateTable"}', "`truncateTable`"),
    ('{"method":"purgeQueue"}', "`purgeQueue`"),
    ('{"method":"wipe"}', "`wipe`"),
    ('{"method":"clearIndex"}', "`clearIndex`"),
    ('{"method":"admin.conversations.delete"}', "`admin.conversations.delete`"),
    ('{"method":"files.deleteAll"}', "`files.deleteAll`"),
    ("{'method': 'files.delete'}", "`files.delete`"),  # a Python dict
    ('{ method: "vectors.delete" }', "`vectors.delete`"),  # a JavaScript object
    ('dict(method="files.delete")', "`files.delete`"),
    ('"{\\"method\\":\\"files.delete\\"}"', "`files.delete`"),  # JSON inside a string literal
    ('{"method":"files.\\u0064elete"}', "`files.delete`"),  # a JSON escape
    ('{"jsonrpc":"2.0","method":"delete","params":{"id":1}}', "the method `delete`"),
    ("method=flickr.photos.delete&photo_id=1", "`flickr.photos.delete`"),  # a form field
    ('{"requests":[{"action":"deleteObject","body":{"objectID":"42"}}]}', "action `deleteObject`"),
    ('{"requests":[{"action":"delete","indexName":"products"}]}', "action `delete`"),
    ('{"object":"Account","operation":"hardDelete"}', "operation `hardDelete`"),
    ('{"op":"delete","key":"a"}', "op `delete`"),
    ('{"requests":[{"id":"1","method":"DELETE","url":"/users/u1"}]}', "`DELETE /users/u1` sub-request"),
    ('{requests: [{ id: "1", method: "delete", url: "/users/1" }]}', "`DELETE /users/1` sub-request"),
    ('[{"method":"DELETE","relative_url":"12345_67890"}]', "`DELETE 12345_67890` sub-request"),
    ('{"compositeRequest":[{"method":"DELETE","url":"/sobjects/Account/1","referenceId":"r"}]}', "sub-request"),
    ('{"delete":{"_index":"logs","_id":"1"}}', "`delete` actions"),
    ('{"delete":{"query":"*:*"}}', "`delete` actions"),  # Solr
    ('{"delete":{"id":"1"}}', "`delete` actions"),
    ('{"writes":[{"delete":"projects/p/databases/(default)/documents/users/u1"}]}', "`delete` actions"),  # Firestore
    ("--b\nContent-Type: application/http\n\nDELETE /storage/v1/b/a/o/x HTTP/1.1\n\n--b--",
     "`DELETE /storage/v1/b/a/o/x` sub-request"),
])
def test_bodies_that_delete(text: str, found: str) -> None:
    assert found in (deleting_body(text) or ""), (text, deleting_body(text))


@pytest.mark.parametrize("text", [
    '{"jsonrpc":"2.0","method":"eth_getBalance","params":["0xabc","latest"],"id":1}',
    '{"method":"collections.list"}', '{"method":"files.delete_preview"}', '{"method":"files.undelete"}',
    '{"method":"softDelete"}', '{"method":"session.destroy"}', '{"method":"destroySession"}',
    '{"method":"purgeCache"}', '{"method":"purge_cdn"}', '{"method":"dropdown"}', '{"method":"clearSelection"}',
    '{"method":"clearAll"}', '{"method":"deleted"}', '{"method":"canDelete"}',
    '{"text":"please delete this"}', '{"channel":"C1","text":"I will delete the branch"}',
    '{"action":"deleted","repository":{}}', '{"events":["repository.deleted"]}',
    '{"op":"remove","path":"/a"}', '{"action":"archive"}',
    '{"requests":[{"id":"1","method":"GET","url":"/me"}]}',
    '{"method":"DELETE"}',  # an HTTP method with nothing it applies to
    '{"request":{"method":"DELETE","url":"/items/1"},"response":{"status":204}}',  # a mock server's stub
    '{"permissions":{"delete":true}}', '{"delete":false}', '{"roles":{"delete":["admin"]}}',
    '{"fields":[{"name":"delete_reason"}],"action":"submit"}',
    '{"query":{"term":{"status":"deleted"}}}',
    "DELETE FROM t WHERE id = 1",
    "",
])
def test_bodies_that_do_not_delete(text: str) -> None:
    assert deleting_body(text) is None, (text, deleting_body(text))


_BULK = "https://es.example.com/_bulk"


@pytest.mark.parametrize("text,url,source,held", [
    ('{"delete":{"_index":"a","_id":"1"}}\n', _BULK, False, True),
    ('{"index":{"_index":"a"}}\n{"f":1}\n{"delete":{"_index":"a","_id":"1"}}\n', _BULK, False, True),
    ('{"delete":{"_index":"a","_id":"1"}}', _BULK, False, False),  # no final newline: Elasticsearch rejects it all
    ('{"delete":{"_index":"a","_id":"1"}}{"delete":{"_index":"a","_id":"2"}}', _BULK, False, False),  # `-d @f`
    ('{"index":{"_index":"a"}}\n{"action":"delete","method":"files.delete"}\n', _BULK, False, False),  # a document
    ('{"index":{"_index":"a"}}\n{"note":{"delete":{"id":1}}}\n', _BULK, False, False),
    ("'{\"delete\":{\"_index\":\"a\",\"_id\":\"1\"}}'", _BULK, True, True),  # code: the newline is not read
    ('{"delete":{"_index":"a","_id":"1"}}', "https://solr.example.com/solr/p/update", False, True),
    ('{"query":{"term":{"action":"delete"}}}', "https://es.example.com/logs/_search", False, False),
    ('{"query":{"term":{"method":"files.delete"}}}', "https://es.example.com/audit/_count", False, False),
    ('{"filter":{"method":"files.delete"}}', "https://h.example.com/api/v1/query", False, False),
    ('{"method":"files.delete"}', "https://h.example.com/api/v1/research", False, True),
])
def test_bulk_and_search_bodies(text: str, url: str, source: bool, held: bool) -> None:
    assert (deleting_body(text, url, source) is not None) == held, text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list('{}[]":,= \\\n&.') + ["method", "delete", "DELETE", "url", "action", "u0064",
                                                            "drop_table", "_id", "request", "/x"]), max_size=40),
       st.sampled_from(["", _BULK, "https://h/x/_search"]), st.booleans())
def test_body_reading_never_fails(parts: list[str], url: str, source: bool) -> None:
    found = deleting_body("".join(parts), url, source)
    assert found is None or isinstance(found, str)


# -- the shell ---------------------------------------------------------------------------------------
SHELL_HELD = {
    """curl -X POST https://rpc.example.com/ -d '{"jsonrpc":"2.0","method":"collections.delete","id":1}'""":
        "asks rpc.example.com to delete (the method `collections.delete`)",
    """curl https://rpc.example.com/v1 --json '{"method":"drop_table","params":{"t":"events"}}'""": "`drop_table`",
    """curl https://photos.example.com/services/rest/ -d method=flickr.photos.delete -d photo_id=1""":
        "`flickr.photos.delete`",
    """curl -X POST 'https://graph.example.com/v1.0/$batch' -d '{"requests":[{"id":"1","method":"DELETE","url":"/users/u1"}]}'""":
        "a `DELETE /users/u1` sub-request",
    """curl -X POST https://s.example.com/1/indexes/p/batch -d '{"requests":[{"action":"deleteObject","body":{}}]}'""":
        "the action `deleteObject`",
    """curl -X POST https://es.example.com/_bulk -d $'{"delete":{"_index":"a","_id":"1"}}\\n'""": "`delete` actions",
    """curl -X POST https://es.example.com/_bulk --data-binary @- <<< '{"delete":{"_id":"1"}}'""": "`delete` actions",
    """echo '{"delete":{"_index":"a","_id":"1"}}' | curl -X POST https://es.example.com/_bulk --data-binary @-""":
        "`delete` actions",
    """echo '{"delete":{"_index":"a","_id":"1"}}' > f.ndjson; curl -XPOST https://es.example.com/_bulk -T f.ndjson""":
        "`delete` actions",
    """echo '{"delete":{"_index":"a","_id":"1"}}' > f.ndjson; curl https://es.example.com/_bulk --json @f.ndjson""":
        "`delete` actions",
    """curl -X PUT 'https://solr.example.com/solr/p/update?commit=true' --data-binary '{"delete":{"query":"*:*"}}'""":
        "`delete` actions",
    """echo '{"query":"mutation { deleteProject(id: 3) { id } }"}' > q.json && curl https://api.example.com/graphql --data @q.json""":
        "sends a GraphQL mutation that deletes on api.example.com",
    "cat > /tmp/q.json <<'EOF'\n{\"query\":\"mutation { deleteRepository(input: {}) { clientMutationId } }\"}\nEOF\n"
    "curl -X POST https://api.example.com/graphql -d @/tmp/q.json": "GraphQL mutation that deletes",
    "curl -X POST https://api.example.com/graphql -d @- <<'EOF'\n{\"query\": \"mutation { deleteIssue(input: {}) { x } }\"}\nEOF":
        "GraphQL mutation that deletes",
    "cat <<'EOF' | curl -X POST https://rpc.example.com/ -d @-\n{\"method\": \"vectors.delete\", \"id\": 3}\nEOF":
        "`vectors.delete`",
    """echo '{"method":"files.delete"}' > /tmp/r.json && curl -T /tmp/r.json https://rpc.example.com/""":
        "`files.delete`",
    """echo '{"method":"truncateTable"}' > body.json; wget -O- --post-file=body.json https://db.example.com/rpc""":
        "`truncateTable`",
    """wget -O- --post-data='{"method":"drop_database","params":["a"]}' https://db.example.com/rpc""":
        "`drop_database`",
    """http POST https://rpc.example.com/ jsonrpc=2.0 method=collections.delete id:=1""": "`collections.delete`",
    """xh https://rpc.example.com/ method=files.delete""": "`files.delete`",
    """echo '{"method":"deleteCollection"}' | http POST https://rpc.example.com/""": "`deleteCollection`",
    """echo '{"query":"mutation { deleteUser(id: 7) { id } }"}' > /tmp/m.json\nhttp POST https://api.example.com/graphql @/tmp/m.json""":
        "GraphQL mutation that deletes",
    """echo '{"method":"files.delete"}' > /tmp/w.json; http POST https://rpc.example.com/ < /tmp/w.json""":
        "`files.delete`",
    """echo '{"method":"files.delete"}' > /tmp/w.json; http POST https://rpc.example.com/ body:=@/tmp/w.json""":
        "`files.delete`",
    """curl -X POST "$RPC_URL" -d '{"method":"files.delete"}'""": "a host known only at run time",
    "curl -X POST https://api.example.com/batch --data-binary @- <<'EOF'\n--b\n\nDELETE /storage/v1/b/a/o/x HTTP/1.1\n\n--b--\nEOF":
        "`DELETE /storage/v1/b/a/o/x` sub-request",
}


@pytest.mark.parametrize("source", list(SHELL_HELD))
def test_shell_held(source: str) -> None:
    v = assert_reviewed(source, "irreversible")
    assert any(SHELL_HELD[source] in r.message for r in v.reasons), v.reasons


@pytest.mark.parametrize("source", [
    # written, quoted and spliced in pieces
    """curl -X POST https://rpc.example.com/ -d "{\\"method\\":\\"files.del${x}ete\\"}\"""",
    """V=delete; curl -X POST https://rpc.example.com/ -d "{\\"method\\":\\"files.$V\\"}\"""",
    """curl -X POST https://rpc.example.com/ -d $'{"method":"files.\\x64elete"}'""",
    """curl -X POST https://rpc.example.com/ -d '{"method":"files.\\u0064elete"}'""",
    """curl -X POST https://rpc.example.com/ -d '{"method":"files.de''lete"}'""",
    """cd /tmp && echo '{"method":"files.delete"}' > b.json && curl -X POST https://rpc.example.com/ -d @/tmp/b.json""",
    """echo '{"method":"files.list"}' > b.json; echo '{"method":"files.delete"}' > b.json; curl https://r.example.com/ -d @b.json""",
    """tee /tmp/b.json <<< '{"method":"files.delete"}'; curl -X POST https://rpc.example.com/ -d @/tmp/b.json""",
    """bash -c 'curl -X POST https://rpc.example.com/ -d "{\\"method\\":\\"files.delete\\"}"'""",
    """for id in 1 2; do curl -X POST https://rpc.example.com/ -d "{\\"method\\":\\"files.delete\\",\\"id\\":$id}"; done""",
    """sudo curl -X POST https://rpc.example.com/ -d '{"method":"files.delete"}'""",
    """ls | xargs -I{} curl -X POST https://rpc.example.com/ -d '{"method":"files.delete","params":{"f":"{}"}}'""",
])
def test_shell_variants_held(source: str) -> None:
    assert_reviewed(source, "irreversible")


@pytest.mark.parametrize("source", [
    """curl -X POST https://eth.example.com/ -d '{"jsonrpc":"2.0","method":"eth_getBalance","params":["0xabc"],"id":1}'""",
    """curl -X POST https://chat.example.com/api/chat.postMessage -d '{"channel":"C1","text":"I will delete it"}'""",
    """curl -X POST https://es.example.com/logs/_search -d '{"query":{"term":{"status":"deleted"}}}'""",
    # `-d` and an inline body without a final newline: Elasticsearch rejects the whole `_bulk` (nothing runs)
    """curl -X POST https://es.example.com/_bulk -d '{"delete":{"_index":"logs","_id":"1"}}'""",
    """curl -X POST https://es.example.com/_bulk -d @- <<< '{"delete":{"_id":"1"}}'""",
    """echo '{"delete":{"_index":"a","_id":"1"}}' > f.ndjson; curl -X POST https://es.example.com/_bulk -d @f.ndjson""",
    """echo -n '{"delete":{"_index":"a","_id":"1"}}' | curl https://es.example.com/_bulk --data-binary @-""",
    """curl -X POST https://es.example.com/_bulk --data-binary $'{"index":{"_index":"a"}}\\n{"action":"delete"}\\n'""",
    # files the input did not write, or wrote with something else last
    """curl -X POST https://api.example.com/graphql -d @query.json""",
    """curl -X POST https://es.example.com/_bulk --data-binary @/tmp/never-written.ndjson""",
    """echo '{"method":"files.delete"}' > b.json; echo '{"method":"files.list"}' > b.json; curl https://r.example.com/ -d @b.json""",
    """http POST https://rpc.example.com/ < /tmp/whatever.json""",
    # a form upload is a file, not the request's body
    """echo '{"method":"files.delete"}' > /tmp/w.json; curl -X POST https://rpc.example.com/ -F 'f=@/tmp/w.json'""",
    # a GraphQL create, a query, another method
    "cat > /tmp/q.json <<'EOF'\n{\"query\":\"mutation { createIssue(input: {title: \\\"delete docs\\\"}) { x } }\"}\nEOF\n"
    "curl -X POST https://api.example.com/graphql -d @/tmp/q.json",
    """curl -X POST https://rpc.example.com/ -d '{"method":"files.delete"}' -X GET""",
    """curl -G https://rpc.example.com/docs -d '{"method":"collections.delete"}'""",
    # this machine, printing only
    """curl -X POST http://localhost:8080/ -d '{"method":"files.delete"}'""",
    """curl -X POST http://127.0.0.1:9200/_bulk --data-binary $'{"delete":{"_index":"t","_id":"1"}}\\n'""",
    """http --offline POST https://rpc.example.com/ method=files.delete""",
    """curl -X POST https://mock.example.com/__admin/mappings -d '{"request":{"method":"DELETE","url":"/i/1"}}'""",
    """curl -X POST https://db.example.com/rpc -d '{"method":"purgeCache"}'""",
    """curl -X POST https://rpc.example.com/ -d '{"method":"session.destroy"}'""",
    """echo '{"method":"files.list"}' > body.json; curl -X POST https://rpc.example.com/ --data-binary @body.json""",
])
def test_shell_allowed(source: str) -> None:
    assert_allowed(source)


# -- the bodies curl sends, against the real curl ----------------------------------------------------
_LINE = '{"delete":{"_index":"a","_id":"1"}}'
# scripts that write a `_bulk` body and send it; {u} is the server, {d} a directory
_SCRIPTS = [
    "printf '%s\\n' '" + _LINE + "' > {d}/b.ndjson; curl -s -X POST {u}/_bulk -d @{d}/b.ndjson",
    "printf '%s\\n' '" + _LINE + "' > {d}/b.ndjson; curl -s -X POST {u}/_bulk --data-ascii @{d}/b.ndjson",
    "printf '%s\\n' '" + _LINE + "' > {d}/b.ndjson; curl -s -X POST {u}/_bulk --data-binary @{d}/b.ndjson",
    "printf '%s\\n' '" + _LINE + "' > {d}/b.ndjson; curl -s -X POST {u}/_bulk --json @{d}/b.ndjson",
    "printf '%s\\n' '" + _LINE + "' > {d}/b.ndjson; curl -s -X POST {u}/_bulk -T {d}/b.ndjson",
    "printf '%s\\n' '" + _LINE + "' > {d}/b.ndjson; curl -s -X POST {u}/_bulk --data-raw @{d}/b.ndjson",
    "echo '" + _LINE + "' > {d}/b.ndjson; curl -s {u}/_bulk --data-binary @{d}/b.ndjson",
    "echo -n '" + _LINE + "' > {d}/b.ndjson; curl -s {u}/_bulk --data-binary @{d}/b.ndjson",
    "echo '" + _LINE + "' | curl -s {u}/_bulk --data-binary @-",
    "echo '" + _LINE + "' | curl -s {u}/_bulk -d @-",
    "echo '" + _LINE + "' | curl -s -X PUT {u}/_bulk -T -",
    "curl -s {u}/_bulk --data-binary @- <<< '" + _LINE + "'",
    "curl -s {u}/_bulk -d @- <<< '" + _LINE + "'",
    "curl -s {u}/_bulk -d $'" + _LINE + "\\n'",
    "curl -s {u}/_bulk -d '" + _LINE + "'",
    "curl -s {u}/_bulk -d '" + _LINE + "' -d $'" + _LINE + "\\n'",
    "curl -s {u}/_bulk --data-binary @- <<'EOF'\n" + _LINE + "\nEOF",
    "cat > {d}/b.ndjson <<'EOF'\n" + _LINE + "\nEOF\ncurl -s {u}/_bulk --data-binary @{d}/b.ndjson",
    "cat > {d}/b.ndjson <<'EOF'\n" + _LINE + "\nEOF\ncurl -s {u}/_bulk -d @{d}/b.ndjson",
]


@pytest.mark.skipif(shutil.which("curl") is None or shutil.which("bash") is None, reason="curl or bash missing")
@pytest.mark.parametrize("script", _SCRIPTS)
def test_body_reading_matches_curl(recorder: str, script: str, tmp_path: Path) -> None:  # noqa: F811
    # run against a recorder: the body curl really sends says whether Elasticsearch would run the delete; the same
    # script to a remote host is held exactly then
    _Recorder.seen, _Recorder.bodies = [], []
    subprocess.run(["bash", "-c", script.replace("{u}", recorder).replace("{d}", str(tmp_path))],
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=20)
    assert len(_Recorder.bodies) == 1, _Recorder.seen
    sent = _Recorder.bodies[0].decode()
    runs = deleting_body(sent, _BULK) is not None
    v = validate(script.replace("{u}", "https://es.example.com").replace("{d}", str(tmp_path)), "bash",
                 policy=Policy())
    assert (v.verdict == "review") == runs, (script, sent, v)


# -- the screens -------------------------------------------------------------------------------------
_TOOLS = ["curl", "curl -s", "wget", "http", "xh", "echo '{\"method\":\"files.delete\"}' | curl"]
_WORDS = ["-X", "POST", "GET", "-d", "--data-binary", "--json", "-T", "@-", "@b.json", "-G", "<<<",
          "'{\"method\":\"files.delete\"}'", "'{\"method\":\"eth_call\"}'", "'{\"delete\":{\"_id\":1}}'",
          "$'{\"delete\":{\"_id\":1}}\\n'", "'{\"method\":\"files.\\u0064elete\"}'", "method=files.delete",
          "https://rpc.example.com/", "https://es.example.com/_bulk", "http://localhost:9200/_bulk",
          "'{\"requests\":[{\"method\":\"DELETE\",\"url\":\"/u/1\"}]}'", "--post-data=method=files.delete",
          "\"$URL\"", "&& echo '{\"method\":\"files.delete\"}' > b.json", "; curl -d @b.json"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_TOOLS), st.lists(st.sampled_from(_WORDS), max_size=6))
def test_screens_agree_with_the_full_analysis(tool: str, words: list[str]) -> None:
    # each mix alone, after another command, and fed a body that deletes by a here-document (`@-`, HTTPie's stdin)
    for text in (" ".join([tool] + words), " ".join(["ls", "&&", tool] + words),
                 " ".join([tool] + words) + " <<'EOF'\n{\"method\": \"files.delete\"}\nEOF"):
        assert_same(text)


# -- the code side -----------------------------------------------------------------------------------
PY_HELD = {
    'import requests\nrequests.post("https://rpc.example.com/", json={"jsonrpc": "2.0", "method": "collections.delete"})':
        "`requests.post` sends a body asking for a delete (the method `collections.delete`) to rpc.example.com",
    'import httpx\nhttpx.post("https://rpc.example.com/", json={"method": "deleteCollection", "params": ["d"]})':
        "`deleteCollection`",
    'import requests\npayload = {"requests": [{"id": "1", "method": "DELETE", "url": "/users/u1"}]}\n'
    'requests.post("https://graph.example.com/v1.0/$batch", json=payload)': "`DELETE /users/u1` sub-request",
    'import requests\nrequests.post("https://es.example.com/_bulk", data=\'{"delete":{"_index":"l","_id":"1"}}\\n\')':
        "`delete` actions",
    'import requests\nrequests.put("https://solr.example.com/solr/p/update", json={"delete": {"query": "*:*"}})':
        "`delete` actions",
    'import requests\nrequests.patch("https://api.example.com/jobs", json={"object": "Account", "operation": "hardDelete"})':
        "`hardDelete`",
    'import os, requests\nrequests.post(os.environ["ALGOLIA_URL"] + "/1/indexes/p/batch", json={"requests": '
    '[{"action": "deleteObject", "body": {"objectID": "42"}}]})': "a host read from the environment",
    'import requests\nops = [{"method": "DELETE", "relative_url": "123"}]\nrequests.post("https://graph.example.com/", '
    'data={"batch": json.dumps(ops)})': "`DELETE 123` sub-request",
    # params= on a GET to an RPC-style method
    'import requests\nrequests.get("https://slack.com/api/files.delete", params={"file": "F1"})':
        "`requests.get` sends a call of `files.delete` to slack.com",
    'import httpx\nhttpx.get("https://slack.com/api/chat.delete", params={"channel": c, "ts": ts})': "`chat.delete`",
    'import requests\nrequests.request("GET", "https://slack.com/api/files.delete", params={"file": "F1"})':
        "`files.delete`",
    'import requests\ns = requests.Session()\ns.get("https://slack.com/api/files.delete", params={"file": "F1"})':
        "`s.get`",
    'import httpx\nwith httpx.Client(base_url="https://slack.com/api") as c:\n    c.get("/files.delete", params=p)':
        "`files.delete`",
    'import aiohttp\nasync def f(i):\n    async with aiohttp.ClientSession() as s:\n'
    '        await s.get("https://slack.com/api/files.delete", params={"file": i})': "`files.delete`",
    # the gql client
    'from gql import gql, Client\nfrom gql.transport.requests import RequestsHTTPTransport\n'
    'client = Client(transport=RequestsHTTPTransport(url="https://api.example.com/graphql"))\n'
    'client.execute(gql("mutation { deleteProject(id: 1) { id } }"))':
        "`client.execute` sends a GraphQL mutation `deleteProject` to api.example.com",
    'from gql import Client, gql\nfrom gql.transport.aiohttp import AIOHTTPTransport\n'
    'DELETE = gql("""\nmutation D($id: ID!) { deleteRepository(input: {repositoryId: $id}) { clientMutationId } }\n""")\n'
    'async def main():\n    client = Client(transport=AIOHTTPTransport(url="https://api.example.com/graphql"))\n'
    '    async with client as session:\n        await session.execute(DELETE, variable_values={"id": "R"})':
        "`deleteRepository`",
    'import os\nimport gql\nfrom gql.transport.httpx import HTTPXTransport\n'
    't = HTTPXTransport(url=os.environ["GRAPHQL_URL"])\nc = gql.Client(transport=t)\n'
    'c.execute(gql.gql("mutation { deleteUser(id: 1) { id } }"))': "a host read from the environment",
}


PY_ALLOWED = [
    'import requests\nrequests.post("https://rpc.example.com/", json={"method": "eth_getBalance", "params": ["0x1"]})',
    'import requests\nrequests.post("https://api.example.com/messages", json={"text": "Please delete the old branch"})',
    'import requests\nrequests.post("http://localhost:8545/", json={"method": "collections.delete"})',
    'import requests\nrequests.post(url, json={"method": "files.delete"})',  # a host the code computes
    'import requests\nrequests.get("https://rpc.example.com/", json={"method": "files.delete"})',  # a GET
    'import responses, requests\n@responses.activate\ndef test_x():\n'
    '    requests.post("https://rpc.example.com/", json={"method": "collections.delete"})',
    'import requests\nrequests.post("https://es.example.com/_bulk", data=\'{"index":{}}\\n{"action":"delete"}\\n\')',
    'import requests\nrequests.get("https://slack.com/api/files.info", params={"file": "F1"})',
    'import requests\nrequests.get("https://slack.com/api/files.delete")',  # the method's page
    'import requests\nrequests.get("https://slack.com/api/files.delete", params=None)',
    'import requests\nrequests.get("https://slack.com/api/files.delete", params={})',
    'd = {}\nparams = {"file": "F1"}\nprint(d.get("files.delete", params))',
    'import requests\ncache = {}\ncache.get("https://slack.com/api/files.delete", params={"f": 1})',
    'from gql import Client, gql\nfrom gql.transport.requests import RequestsHTTPTransport\n'
    'client = Client(transport=RequestsHTTPTransport(url="https://api.example.com/graphql"))\n'
    'client.execute(gql("query { deletedProjects { id } }"))',
    'from gql import Client, gql\nfrom gql.transport.requests import RequestsHTTPTransport\n'
    'client = Client(transport=RequestsHTTPTransport(url="http://localhost:4000/graphql"))\n'
    'client.execute(gql("mutation { deleteProject(id: 1) { id } }"))',
    'from gql import Client, gql\nfrom gql.transport.requests import RequestsHTTPTransport\n'
    'def run(url):\n    client = Client(transport=RequestsHTTPTransport(url=url))\n'
    '    client.execute(gql("mutation { deleteProject(id: 1) { id } }"))',  # a computed endpoint
    'from myapp import Client, gql\nclient = Client(url="https://api.example.com/graphql")\n'
    'client.execute(gql("mutation { deleteProject(id: 1) { id } }"))',  # not the gql package
    'import sqlite3\ncur = sqlite3.connect("a.db").cursor()\ncur.execute("SELECT 1 WHERE m = \'files.delete\'")',
]


TS_HELD = {
    'await fetch("https://graph.example.com/v1.0/$batch", { method: "POST", body: JSON.stringify({ requests: '
    '[{ id: "1", method: "DELETE", url: "/users/1" }] }) });': "`DELETE /users/1` sub-request",
    'import axios from "axios";\nawait axios.post("https://rpc.example.com/", { jsonrpc: "2.0", method: '
    '"collections.delete" });': "`collections.delete`",
    'const body = { requests: [{ action: "deleteObject", body: { objectID: "42" } }] };\n'
    'await fetch(`https://${process.env.ALGOLIA_APP}-dsn.example.net/1/indexes/*/batch`, { method: "POST", '
    'body: JSON.stringify(body) });': "a host read from the environment",
    'import got from "got";\nawait got.post("https://es.example.com/_bulk", { body: \'{"delete":{"_id":"1"}}\\n\' });':
        "`delete` actions",
    'const requests = [{ method: "DELETE", url: "/users/1" }];\nawait fetch("https://graph.example.com/v1.0/$batch", '
    '{ method: "POST", body: JSON.stringify({ requests }) });': "sub-request",
    # Apollo, urql
    'import { ApolloClient, InMemoryCache, gql } from "@apollo/client";\nconst client = new ApolloClient({ uri: '
    '"https://api.example.com/graphql", cache: new InMemoryCache() });\nawait client.mutate({ mutation: gql`mutation '
    '($id: ID!) { deleteUser(id: $id) { id } }`, variables: { id } });':
        "`client.mutate` sends a GraphQL mutation `deleteUser` to api.example.com",
    'import { createClient, gql, fetchExchange } from "urql";\nconst client = createClient({ url: '
    '"https://api.example.com/graphql", exchanges: [fetchExchange] });\nconst DELETE_USER = gql`\n  mutation ($id: ID!) '
    '{ deleteUser(id: $id) { id } }\n`;\nawait client.mutation(DELETE_USER, { id: "7" }).toPromise();': "`deleteUser`",
    'import { Client, fetchExchange } from "@urql/core";\nconst client = new Client({ url: '
    '"https://api.example.com/graphql", exchanges: [fetchExchange] });\n'
    'client.mutation(`mutation { deleteTeam(id: 1) { id } }`, {});': "`deleteTeam`",
    'import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client/core";\nconst client = new ApolloClient'
    '({ link: new HttpLink({ uri: process.env.GRAPHQL_URL }), cache: new InMemoryCache() });\nconst D = gql`mutation '
    '{ deleteProject(id: 1) { id } }`;\nawait client.mutate({ mutation: D });': "a host read from the environment",
    'import { ApolloClient, createHttpLink, InMemoryCache, gql } from "@apollo/client";\nconst client = new ApolloClient'
    '({ link: createHttpLink({ uri: "https://api.example.com/graphql" }), cache: new InMemoryCache() });\n'
    'client.mutate({ mutation: gql`mutation { deleteProject(id: 1) { id } }` });': "`deleteProject`",
    # Angular's HttpClient not reached through `this`
    'import { inject } from "@angular/core";\nimport { HttpClient } from "@angular/common/http";\n'
    'export function removeRepo(name: string) {\n  const http = inject(HttpClient);\n'
    '  return http.delete(`https://api.example.com/repos/${name}`);\n}': "`http.delete` sends an HTTP DELETE",
    'import { Injectable } from "@angular/core";\nimport { HttpClient } from "@angular/common/http";\n'
    '@Injectable()\nexport class S {\n  constructor(http: HttpClient) {\n'
    '    http.delete("https://api.example.com/repos/acme/web").subscribe();\n  }\n}': "api.example.com",
    'import { HttpClient } from "@angular/common/http";\nexport const drop = (http: HttpClient) => http.post('
    '"https://rpc.example.com/", { method: "collections.delete" });': "`collections.delete`",
    'import { HttpClient as H } from "@angular/common/http";\nimport { inject } from "@angular/core";\n'
    'function f() { const client = inject(H); client.post("https://q.example.com/collections/d/points/delete", {}); }':
        "points/delete",
    'import { Component, inject } from "@angular/core";\nimport { HttpClient } from "@angular/common/http";\n'
    '@Component({})\nexport class C {\n  private readonly http = inject(HttpClient);\n'
    '  go() { return this.http.delete("https://api.example.com/repos/a/b"); }\n}': "`this.http.delete`",
    'import { Component, inject } from "@angular/core";\nimport { HttpClient } from "@angular/common/http";\n'
    '@Component({})\nexport class C {\n  #http = inject(HttpClient);\n'
    '  go() { return this.#http.delete("https://api.example.com/repos/a/b"); }\n}': "`this.#http.delete`",
}


TS_ALLOWED = [
    'await fetch("https://rpc.example.com/", { method: "POST", body: JSON.stringify({ method: "eth_getBalance" }) });',
    'await fetch("https://api.example.com/batch", { method: "POST", body: JSON.stringify({ requests: [{ method: "GET",'
    ' url: "/u/1" }, { method: "PATCH", url: "/u/2", body: { note: "delete later" } }] }) });',
    'import nock from "nock";\nnock("https://rpc.example.com").post("/").reply(200, {});\nawait fetch('
    '"https://rpc.example.com/", { method: "POST", body: JSON.stringify({ method: "collections.delete" }) });',
    'await fetch("/api/rpc", { method: "POST", body: JSON.stringify({ method: "collections.delete" }) });',
    'import { ApolloClient, InMemoryCache, gql } from "@apollo/client";\nconst client = new ApolloClient({ uri: '
    '"https://api.example.com/graphql", cache: new InMemoryCache() });\nawait client.query({ query: gql`query { '
    'deletedItems { id } }` });',
    'import { ApolloClient, InMemoryCache, gql } from "@apollo/client";\nconst client = new ApolloClient({ uri: '
    '"http://localhost:4000/graphql", cache: new InMemoryCache() });\nawait client.mutate({ mutation: gql`mutation '
    '{ deleteUser(id: 1) { id } }` });',
    'import { ApolloClient, InMemoryCache, gql } from "@apollo/client";\nconst client = new ApolloClient({ uri: '
    '"https://api.example.com/graphql", cache: new InMemoryCache() });\nawait client.mutate({ mutation: gql`mutation '
    '{ createUser(name: "delete-me") { id } }` });',
    'import { ApolloClient, InMemoryCache, gql } from "@apollo/client";\nconst client = new ApolloClient({ cache: '
    'new InMemoryCache() });\nawait client.mutate({ mutation: gql`mutation { deleteTodo(id: 1) { id } }` });',
    'import { ApolloClient, InMemoryCache, gql } from "@apollo/client";\nexport function make(uri: string) {\n'
    '  const client = new ApolloClient({ uri, cache: new InMemoryCache() });\n'
    '  return client.mutate({ mutation: gql`mutation { deleteTodo(id: 1) { id } }` });\n}',
    'const client = { mutate: async (x: unknown) => x };\nawait client.mutate({ mutation: "mutation { deleteUser(id: 1)'
    ' { id } }" });',
    'import { createClient, gql, fetchExchange } from "urql";\nconst client = createClient({ url: '
    '"https://api.example.com/graphql", exchanges: [fetchExchange] });\nawait client.query(gql`query { user(id: 1) '
    '{ deletedAt } }`, {}).toPromise();',
    'import { Injectable, inject } from "@angular/core";\nimport { HttpClient } from "@angular/common/http";\n'
    '@Injectable()\nexport class Items {\n  private http = inject(HttpClient);\n'
    '  remove(id: number) { return this.http.delete(`/api/items/${id}`); }\n}',
    'import { HttpClient } from "@angular/common/http";\nexport function load(http: HttpClient) { return '
    'http.get("https://api.example.com/items"); }',
    'const http = new Map<string, number>();\nhttp.delete("https://api.example.com/repos/acme/web");',
    'import { HttpClient } from "./my-http";\nexport function drop(http: HttpClient) { return '
    'http.delete("https://api.example.com/repos/acme/web"); }',
    'import { HttpClient } from "@angular/common/http";\nexport class C {\n  constructor(http: HttpClient) {}\n'
    '  go(http: Foo) { return http.delete("https://api.example.com/repos/a/b"); }\n}',  # another `http`
    'import { HttpClient } from "@angular/common/http";\nexport function f(http: HttpClient) { return '
    'http.delete("http://localhost:3000/items/1"); }',
]


@pytest.mark.parametrize("source,lang,fragment", [(s, "python", f) for s, f in PY_HELD.items()] +
                         [(s, "typescript", f) for s, f in TS_HELD.items()])
def test_code_held(source: str, lang: str, fragment: str) -> None:
    v = assert_reviewed(source, "irreversible", lang)
    assert any(fragment in r.message for r in v.reasons), v.reasons


@pytest.mark.parametrize("source,lang", [(s, "python") for s in PY_ALLOWED] + [(s, "typescript") for s in TS_ALLOWED])
def test_code_allowed(source: str, lang: str) -> None:
    assert_allowed(source, lang)


# -- the batch -----------------------------------------------------------------------------------------
def test_batch() -> None:
    check_batch(BATCH)
