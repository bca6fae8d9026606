"""Rule `irreversible` for deletes through HTTP management APIs (bash/api_calls.py) and the hosting, database and
fleet CLIs added beside the others in bash/infra.py: each shape held, wrapped and scripted variants held too,
look-alikes allowed, the command-line readers checked against the real curl and wget where they are installed,
and the screens in front of the full analysis agreeing with it."""
from __future__ import annotations

import http.server
import shutil
import subprocess
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.validate import Policy, validate
from agent_immune.validate.bash.api_calls import curl_requests, httpie_requests, remote, wget_requests
from agent_immune.validate.bash.words import Word

from .helpers import assert_allowed, judge
from .test_fastpath_equivalence import assert_same
from .test_irreversible_infra import assert_held  # reviewed (never blocked), the message saying `says`


# source -> a fragment its message must contain
HELD = {
    # curl: every spelling of the method it reads
    'curl -X DELETE https://api.github.com/repos/acme/web -H "Authorization: token $GITHUB_TOKEN"':
        "`curl -X DELETE https://api.github.com/repos/acme/web` deletes what the URL names on api.github.com",
    "curl --request DELETE https://api.github.com/repos/acme/web": "api.github.com",
    "curl -XDELETE https://api.vercel.com/v9/projects/web": "api.vercel.com",
    "curl -sSLXDELETE https://api.vercel.com/v9/projects/web": "curl -X DELETE",
    "curl -sSX DELETE --url https://api.cloudflare.com/client/v4/zones/z": "api.cloudflare.com",
    "curl -X delete https://api.example.com/v1/items/1": "curl -X DELETE",
    "curl https://api.example.com/v1/items/1 -X DELETE": "no undo",
    "curl -X GET -X DELETE https://api.example.com/v1/items/1": "DELETE",
    "curl -X DELETE http://localhost:8000/a https://api.example.com/b": "api.example.com",
    "curl https://api.example.com/a --next -X DELETE https://api.example.com/b": "api.example.com/b",
    "curl -X DELETE -- https://api.example.com/b": "api.example.com",
    "curl -X DELETE api.example.com/v1/items/1": "api.example.com",
    "curl -X DELETE http://10.0.0.5:9200/logs-2024": "10.0.0.5",
    "curl -X DELETE http://localhost.evil.example/x": "localhost.evil.example",
    'curl -X DELETE "https://$ES_HOST/logs-*"': "a host known only at run time",
    'curl -X DELETE "$API_URL/projects/42"': "run time",
    'curl -X DELETE "${BASE_URL}/v1/users/7" -H "Authorization: Bearer $TOKEN"': "run time",
    "curl -X DELETE $(cat target-url.txt)": "run time",
    "curl -u elastic:pw -X DELETE 'https://es.internal.example:9200/_all'": "es.internal.example",
    "curl -fsS -o /dev/null -w '%{http_code}' -X DELETE https://api.example.com/x": "show the request to the user",
    "curl -X POST 'https://es.example.com/logs/_delete_by_query' -H 'Content-Type: application/json' "
    "-d '{\"query\":{\"match_all\":{}}}'": "every document the query matches",
    "curl -XPOST es.example.com:9200/orders/_delete_by_query?conflicts=proceed -d @q.json": "_count",
    "curl https://api.example.com/graphql -H 'Content-Type: application/json' "
    "-d '{\"query\":\"mutation { deleteProject(id: 7) { id } }\"}'": "GraphQL mutation that deletes",
    "curl --json '{\"query\":\"mutation { deleteUser(input: {id: 1}) { ok } }\"}' https://api.example.com/gql":
        "api.example.com",
    # wget reads --method (and its prefixes, and a .wgetrc command), upper-cased
    "wget --method=DELETE https://api.example.com/v1/items/1": "`wget --method=DELETE https://api.example.com",
    "wget -q -O- --method DELETE https://api.example.com/v1/items/1": "api.example.com",
    "wget --meth=delete https://api.example.com/v1/items/1": "DELETE",
    "wget -e method=DELETE https://api.example.com/v1/items/1": "api.example.com",
    "wget -qO- --header 'Authorization: Bearer x' --method=DELETE https://api.example.com/x": "no undo",
    # HTTPie, xh, curlie: an optional METHOD before the URL
    "http DELETE https://api.heroku.com/apps/x": "`http DELETE https://api.heroku.com/apps/x`",
    "http delete api.heroku.com/apps/x Authorization:'Bearer t'": "api.heroku.com",
    "https DELETE api.netlify.com/api/v1/sites/s": "api.netlify.com",
    "http -a admin:pw --verify=no DELETE es.example.com:9200/idx": "es.example.com",
    "http --ignore-stdin -b DELETE https://api.example.com/v1/items/1": "api.example.com",
    "xh delete api.example.com/v1/items/1": "`xh DELETE api.example.com/v1/items/1`",
    "xh DELETE https://api.example.com/v1/items/1 -A bearer -a t": "api.example.com",
    "xhs delete api.example.com/v1/items/1": "api.example.com",
    "curlie DELETE https://api.example.com/v1/items/1": "api.example.com",
    "curlie -X DELETE https://api.example.com/v1/items/1": "api.example.com",
    "http POST api.example.com/graphql query='mutation { deleteRepository(id: 1) { ok } }'": "GraphQL",
    # hosting, databases and clusters through their CLIs (bash/infra.py)
    "eksctl delete cluster --name prod": "`eksctl delete cluster`",
    "eksctl delete cluster -f cluster.yaml --wait": "CloudFormation",
    "eksctl delete nodegroup --cluster prod --name ng-1": "eksctl delete nodegroup",
    "eksctl --color false delete iamserviceaccount --cluster prod --name x": "eksctl delete",
    "wrangler delete": "`wrangler delete`",
    "wrangler delete my-worker --force": "Cloudflare",
    "wrangler r2 bucket delete assets": "`wrangler r2 bucket delete`",
    "wrangler r2 object delete assets/logo.png": "wrangler r2 object delete",
    "wrangler d1 delete prod-db -y": "wrangler d1 delete",
    "wrangler d1 execute prod-db --command \"DROP TABLE users\" --remote": "DROP TABLE",
    "wrangler d1 execute prod-db --remote --command='DELETE FROM sessions'": "DELETE FROM",
    "wrangler kv namespace delete --namespace-id 0f2a": "wrangler kv namespace delete",
    "wrangler kv:namespace delete --binding CACHE": "wrangler kv namespace delete",
    "wrangler kv key delete user:1 --binding USERS": "wrangler kv key delete",
    "wrangler kv bulk delete keys.json --binding USERS --remote": "kv bulk delete",
    "wrangler queues delete jobs": "queues delete",
    "wrangler vectorize delete-vectors idx --ids 1": "delete-vectors",
    "wrangler pages project delete site": "pages project delete",
    "wrangler -c wrangler.prod.toml -e production secret delete API_KEY": "wrangler secret delete",
    "turso db destroy prod --yes": "`turso db destroy`",
    "turso group destroy default": "turso group destroy",
    'turso db shell prod "DROP TABLE users"': "DROP TABLE",
    "neonctl projects delete cool-rain-123": "`neonctl projects delete`",
    "neonctl branches delete preview/pr-42 --project-id p": "neonctl branches delete",
    "neon databases delete app --branch main": "neon databases delete",
    "neonctl branches reset dev --parent": "--preserve-under-name",
    "neon branches restore main ^self@2024-01-01T00:00:00Z": "neon branches restore",
    "pscale database delete shop --force": "`pscale database delete`",
    "pscale branch delete shop dev --org acme": "pscale branch delete",
    "hcloud server delete web-1": "`hcloud server delete`",
    "hcloud volume delete data": "hcloud volume delete",
    "linode-cli linodes delete 123456": "`linode-cli linodes delete`",
    "linode-cli obj rb my-bucket": "linode-cli obj rb",
    # every key of a Redis database, deleted a batch at a time
    "redis-cli --scan --pattern '*' | xargs redis-cli del": "every key of the database",
    "redis-cli KEYS '*' | xargs redis-cli DEL": "`… | xargs redis-cli DEL`",
    "redis-cli --scan | xargs -n 100 redis-cli unlink": "BGSAVE",
    "redis-cli -h cache -n 2 --scan --pattern '**' | xargs -L 500 redis-cli -h cache -n 2 del": "every key",
    "valkey-cli keys \\* | xargs valkey-cli del": "valkey-cli del",
    "redis-cli --scan --pattern '*' 2>/dev/null | xargs redis-cli del": "every key",
    # Ansible ad-hoc commands on every host of the pattern
    'ansible webservers -b -m file -a "path=/srv/data state=absent"': "`ansible webservers -m file state=absent`",
    "ansible all -m ansible.builtin.file -a 'path=/var/lib/app state=absent'": "every host",
    "ansible db -m community.postgresql.postgresql_db -a 'name=shop state=absent'": "drops the database",
    'ansible db -m shell -a "dropdb prod"': "`ansible db -m shell` runs `dropdb prod` on another machine",
    "ansible -i prod.ini cache -a 'redis-cli FLUSHALL'": "FLUSHALL",
    "ansible all -m k8s -a 'kind=Namespace name=prod state=absent'": "cluster objects",
    # the cloud CLIs' remote commands are now read for this rule too, not only for blocks
    "gcloud compute ssh db-1 --command 'dropdb prod'": "on another machine",
    "heroku run 'python manage.py flush --noinput' -a shop": "manage.py flush",
}


@pytest.mark.parametrize("source", sorted(HELD))
def test_held(source: str) -> None:
    assert_held(source, says=HELD[source])
    assert_same(source)


# wrapped, nested, scripted and obfuscated forms
WRAPPED = [
    "sudo curl -X DELETE https://api.example.com/x", "env TOKEN=x curl -X DELETE https://api.example.com/x",
    "timeout 10 curl -X DELETE https://api.example.com/x", "nohup wget --method=DELETE https://api.example.com/x &",
    "bash -c 'curl -X DELETE https://api.example.com/x'", "sh -c \"http DELETE api.example.com/x\"",
    "eval 'curl -X DELETE https://api.example.com/x'", "x=$(curl -sX DELETE https://api.example.com/x)",
    "make deploy && curl -X DELETE https://api.example.com/x || true",
    "for id in 1 2 3; do curl -X DELETE \"https://api.example.com/items/$id\"; done",
    "cat ids.txt | xargs -I{} curl -X DELETE https://api.example.com/items/{}",
    "cat urls.txt | xargs curl -X DELETE", "xargs -n1 http DELETE < urls.txt", "cat ids | xargs -I{} curl -X DELETE {}",
    "find . -name '*.id' -exec curl -X DELETE https://api.example.com/{} \\;",
    "bash <<'EOF'\ncurl -X DELETE https://api.example.com/x\nEOF",
    "ansible all -a \"ansible db -a 'gcloud compute ssh v --command \\\"dropdb x\\\"'\"",
    "curl -s https://api.example.com/items | jq -r '.[].id' | xargs -I{} curl -X DELETE https://api.example.com/i/{}",
    "M=DELETE; curl -X $M https://api.example.com/x", "U=https://api.example.com/x; curl -X DELETE \"$U\"",
    "curl -X DEL''ETE https://api.example.com/x", "curl -X 'DELETE' https://api.example.com/x",
    "cu\\rl -X DELETE https://api.example.com/x", "curl -X DELETE https://api.exa\\\nmple.com/x",
    "f() { curl -X DELETE \"https://api.example.com/$1\"; }; f repos/acme/web",
    "set -e\nTOKEN=$(cat .token)\ncurl -X DELETE -H \"Authorization: Bearer $TOKEN\" https://api.example.com/x",
    "sudo -E eksctl delete cluster --name prod", "npx wrangler r2 bucket delete assets",
    "pnpm dlx wrangler delete", "bash -c 'redis-cli --scan | xargs redis-cli del'",
    "redis-cli --scan | grep -v keep | head -1 && redis-cli KEYS '*' | xargs redis-cli DEL",
    "docker compose exec cache sh -c 'ls' && redis-cli keys '*' | xargs -r redis-cli unlink",
]


@pytest.mark.parametrize("source", WRAPPED)
def test_held_wrapped(source: str) -> None:
    v = judge(source)
    assert v.verdict != "allow" and "irreversible" in {r.rule for r in v.reasons}, (source, v)
    assert_same(source)


CODE = [
    ("import subprocess\nsubprocess.run(['curl', '-X', 'DELETE', url])", "python"),
    ("import subprocess\nsubprocess.run(['curl', '-sX', 'DELETE', 'https://api.github.com/repos/acme/web'])",
     "python"),
    ("import subprocess\nsubprocess.check_call('http DELETE api.heroku.com/apps/shop', shell=True)", "python"),
    ("import subprocess\nsubprocess.run(['eksctl', 'delete', 'cluster', '--name', 'prod'])", "python"),
    ("import os\nos.system(\"redis-cli --scan | xargs redis-cli del\")", "python"),
    ("import { execSync } from 'child_process';\nexecSync('curl -X DELETE https://api.example.com/x');",
     "typescript"),
    ("import { execFileSync } from 'node:child_process';\nexecFileSync('wrangler', ['d1', 'delete', 'prod']);",
     "typescript"),
    ("const { spawnSync } = require('child_process');\nspawnSync('xh', ['delete', 'api.example.com/x']);",
     "typescript"),
]


@pytest.mark.parametrize("source,lang", CODE)
def test_held_from_code(source: str, lang: str) -> None:
    assert_held(source, lang)


ALLOWED = [
    # requests that delete nothing, or delete on this machine (an agent testing its own service)
    "curl https://api.github.com/repos/acme/web", "curl -fsSL https://api.example.com/v1/items -o items.json",
    "curl -X POST https://api.example.com/v1/items -d '{\"name\":\"x\"}'", "curl -X PUT https://api.example.com/i/1",
    "curl -X PATCH https://api.example.com/v1/items/1 -d '{\"done\":true}'", "curl -I https://example.com",
    "curl -X DELETE http://localhost:8000/items/3", "curl -X DELETE http://127.0.0.1:5000/api/todos/1",
    "curl -X DELETE 'http://[::1]:8080/cache'", "curl -X DELETE localhost:9200/test-index",
    "curl -X DELETE http://0.0.0.0:3000/users/1", "curl -X DELETE http://api.localhost/x",
    "curl -X DELETE http://host.docker.internal:8000/items/3",
    "curl -sf -X DELETE \"http://localhost:${PORT}/items/1\"", "curl -X DELETE -u admin:pw http://localhost:9200/x",
    "BASE=http://localhost:8000; curl -X DELETE $BASE/items/1", "cat urls.txt | xargs curl -s",
    "cat ids | xargs -I{} curl -X DELETE http://localhost:8000/items/{}", "curl -X=DELETE https://api.example.com/x",
    "curl -X DELETE --help", "curl --help all | grep -- '-X, --request'", "man curl",
    "curl -X PURGE https://cdn.example.com/assets/app.js", "curl -X DELETE https://api.example.com/x -X GET",
    "curl -X DELETE http://localhost/x --next https://api.example.com/y",
    "curl https://api.example.com/graphql -d '{\"query\":\"query { deletedItems { id } }\"}'",
    "curl -X POST http://localhost:9200/logs/_delete_by_query -d '{\"query\":{\"match_all\":{}}}'",
    "curl -X POST https://es.example.com/logs/_search -d '{\"query\":{\"match_all\":{}}}'",
    "curl -V",
    "wget https://example.com/file.tgz", "wget -q -O- https://api.example.com/items",
    "wget --method=DELETE http://localhost:8000/items/3", "wget --mirror https://docs.example.com/",
    "wget --method=GET https://api.example.com/x", "wget --help",
    "http GET https://api.example.com/v1/items", "http https://api.example.com/v1/items", "http :8000/items",
    "http DELETE :8000/items/3", "http delete localhost:8000/items/3", "http POST api.example.com/items name=x",
    "http --offline DELETE api.example.com/v1/items/1", "xh get api.example.com/v1/items", "xh delete :3000/todos/1",
    "xh https://api.example.com", "curlie GET https://api.example.com/v1/items", "http --help",
    "echo 'curl -X DELETE https://api.github.com/repos/acme/web'", "git commit -m 'use curl -X DELETE for cleanup'",
    "grep -rn 'curl -X DELETE' docs/", "gh pr create --body 'run curl -X DELETE https://api.example.com/x'",
    # the CLIs' reads, creates and local work
    "eksctl get clusters", "eksctl create cluster -f cluster.yaml", "eksctl utils describe-stacks --cluster prod",
    "wrangler dev", "wrangler deploy", "wrangler tail", "wrangler d1 execute prod-db --command 'SELECT 1' --remote",
    "wrangler d1 execute prod-db --command 'DROP TABLE users'",
    "wrangler d1 execute db --local --command 'DELETE FROM t'",
    "wrangler kv key delete user:1 --binding USERS --local", "wrangler r2 bucket list", "wrangler delete --dry-run",
    "wrangler kv namespace list", "wrangler d1 export prod-db --output backup.sql", "wrangler auth delete work",
    "turso db list", "turso db shell prod 'SELECT count(*) FROM users'", "turso db create dev",
    "neonctl projects list", "neonctl branches create --name dev", "neon branches reset dev --parent "
    "--preserve-under-name dev-old", "pscale database list", "pscale branch create shop dev", "hcloud server list",
    "hcloud server create --name web --type cx22 --image ubuntu-24.04", "linode-cli linodes list",
    "redis-cli GET k", "redis-cli --scan --pattern 'session:*'", "redis-cli KEYS 'cache:*'",
    "redis-cli --scan --pattern 'tmp:*' | xargs redis-cli del", "redis-cli keys '*' | xargs redis-cli get",
    "redis-cli --scan | xargs redis-cli type", "redis-cli --scan | wc -l", "cat keys.txt | xargs redis-cli del",
    "redis-cli --scan | grep '^tmp:' | xargs redis-cli del",
    "ansible all -m ping", "ansible all -a 'uptime'", "ansible web -m shell -a 'systemctl status nginx'",
    "ansible web -b -m apt -a 'name=nginx state=absent'", "ansible web -m file -a 'path=/srv/app state=directory'",
    "ansible web -m file -a 'path=/srv/data state=absent' --check", "ansible-playbook site.yml --check",
    "ansible all -m setup", "ansible all --list-hosts",
]


@pytest.mark.parametrize("source", ALLOWED)
def test_look_alikes_allowed(source: str) -> None:
    assert_allowed(source)
    assert_same(source)


def test_remote_commands_that_would_be_blocked_stay_command_string_reviews() -> None:
    v = judge("ansible all -m shell -a 'rm -rf ~'")
    assert v.verdict == "review" and [r.rule for r in v.reasons] == ["command-string"], v
    assert_same("ansible all -m shell -a 'rm -rf ~'")


def test_project_allow_list_approves_a_review() -> None:
    policy = Policy.build(allow=["curl -X DELETE https://api.example.com/v1/items/*"])
    v = validate("curl -X DELETE https://api.example.com/v1/items/7", policy=policy)
    assert v.verdict == "allow" and [r.verdict for r in v.reasons] == ["allow"]
    assert validate("curl -X DELETE https://api.example.com/v1/users/7", policy=policy).verdict == "review"
    assert validate("sudo curl -X DELETE https://api.example.com/v1/items/7", policy=policy).verdict == "review"


# -- the command-line readers -------------------------------------------------------------------------
def _words(line: str) -> list[Word]:
    return [Word(None, v, v) for v in line.split()]


def _read(requests) -> list[tuple[str | None, list[str]]]:
    return [((r.method.value if r.method else None), [u.value for u in r.urls]) for r in requests]


@pytest.mark.parametrize("line,expected", [
    ("-X DELETE https://h/a", [("DELETE", ["https://h/a"])]),
    ("-XDELETE https://h/a", [("DELETE", ["https://h/a"])]),
    ("-sSLXDELETE https://h/a", [("DELETE", ["https://h/a"])]),
    ("-X=DELETE https://h/a", [("=DELETE", ["https://h/a"])]),
    ("--request=DELETE https://h/a", [(None, ["https://h/a"])]),  # curl rejects the word
    ("-X DELETE -X GET https://h/a", [("GET", ["https://h/a"])]),
    ("https://h/a -X DELETE --next https://h/b", [("DELETE", ["https://h/a"]), (None, ["https://h/b"])]),
    ("-X DELETE --next https://h/b", [("DELETE", ["https://h/b"])]),  # nothing to close: options carry on
    ("-X DELETE --url https://h/a https://h/b", [("DELETE", ["https://h/a", "https://h/b"])]),
    ("-o out.json -H x:y -u a:b -w %{http_code} -X DELETE https://h/a", [("DELETE", ["https://h/a"])]),
    ("-oX https://h/a", [(None, ["https://h/a"])]),  # -o takes `X` as its file
    ("-X DELETE -- -weird", [("DELETE", ["-weird"])]),
    ("--help", []), ("-X DELETE -h https://h/a", []), ("-V", []),
])
def test_curl_reading(line: str, expected) -> None:
    assert _read(curl_requests(_words(line))) == expected


@pytest.mark.parametrize("line,expected", [
    ("--method=DELETE https://h/a", [("DELETE", ["https://h/a"])]),
    ("--method DELETE https://h/a", [("DELETE", ["https://h/a"])]),
    ("--meth=DELETE https://h/a", [("DELETE", ["https://h/a"])]),
    ("-e method=DELETE https://h/a", [("DELETE", ["https://h/a"])]),
    ("-qO- -e method=delete https://h/a", [("delete", ["https://h/a"])]),
    ("-O out --header=a:b https://h/a", [(None, ["https://h/a"])]),
    ("--method=DELETE --method=GET https://h/a", [("GET", ["https://h/a"])]),
    ("--help", []), ("-V", []),
])
def test_wget_reading(line: str, expected) -> None:
    assert _read(wget_requests(_words(line))) == expected


@pytest.mark.parametrize("line,curl,expected", [
    ("DELETE https://h/a", False, [("DELETE", ["https://h/a"])]),
    ("https://h/a", False, [(None, ["https://h/a"])]),
    ("https://h/a x=1", False, [(None, ["https://h/a"])]),  # a URL, then an item: no method given
    ("-a u:p DELETE https://h/a", False, [("DELETE", ["https://h/a"])]),
    ("--auth u:p delete :8000/a", False, [("delete", [":8000/a"])]),
    ("--offline DELETE https://h/a", False, []),
    ("-X DELETE https://h/a", True, [("DELETE", ["https://h/a"])]),
    ("GET https://h/a", True, [("GET", ["https://h/a"])]),
])
def test_httpie_reading(line: str, curl: bool, expected) -> None:
    assert _read(httpie_requests(_words(line), curl)) == expected


@pytest.mark.parametrize("url,where", [
    ("https://api.github.com/repos/x", "api.github.com"), ("http://localhost:8000/a", None),
    ("127.0.0.1:9200/_all", None), ("http://[::1]/x", None), ("file:///etc/passwd", None),
    ("http://10.1.2.3/x", "10.1.2.3"),
])
def test_remote_literal(url: str, where) -> None:
    assert remote(Word(None, url, url)) == where


@pytest.mark.parametrize("text,where", [
    ('"https://$ES_HOST/logs"', "?"), ('"$URL"', "?"), ('"${BASE}/x"', "?"),
    ('"http://localhost:${PORT}/x"', None), ('"http://127.0.0.1:$P/x"', None),
])
def test_remote_computed(text: str, where) -> None:
    assert remote(Word(None, None, text)) == where


def test_httpie_shorthand_is_localhost() -> None:
    assert remote(Word(None, ":3000/todos/1", ":3000/todos/1"), shorthand=True) is None
    assert remote(Word(None, ":/x", ":/x"), shorthand=True) is None


_PIECES = ["-X", "DELETE", "delete", "GET", "--request", "-XDELETE", "-sSX", "--url", "--next", "-:", "-d", "{}",
           "--json", "-o", "out", "-H", "a:b", "--help", "-h", "--", "https://h/a", "http://localhost/b", ":8000/c",
           "--method=DELETE", "--method", "-e", "method=DELETE", "--offline", "-a", "u:p", "x=1", "-", "=", "-X=",
           "_delete_by_query", "--meth=DELETE", "-qO-"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=10))
def test_readers_are_total(pieces: list[str]) -> None:
    words = [Word(None, p, p) for p in pieces]
    for reader in (curl_requests, wget_requests, httpie_requests, lambda w: httpie_requests(w, True)):
        for r in reader(words):
            assert r.urls and all(isinstance(u, Word) for u in r.urls)


_TOOLS = ["curl", "curl -s", "wget", "wget -q", "http", "https", "xh", "xhs", "curlie", "eksctl", "wrangler",
          "turso", "neonctl", "pscale", "hcloud", "linode-cli", "ansible all", "redis-cli --scan |",
          "redis-cli KEYS '*' |"]
_TOOL_WORDS = ["-X", "DELETE", "delete", "Delete", "GET", "POST", "-XDELETE", "--request", "https://api.example.com/x",
               "http://localhost:8000/x", ":8000/x", "\"$URL\"", "--method=DELETE", "-e", "method=delete", "--offline",
               "-d", "'{\"query\":\"mutation { deleteUser(id: 1) }\"}'", "_delete_by_query", "--next", "--url",
               "cluster", "--name", "prod", "r2", "bucket", "d1", "execute", "--remote", "--local", "--command",
               "'DROP TABLE t'", "kv:namespace", "db", "destroy", "shell", "projects", "branches", "reset",
               "--preserve-under-name", "server", "obj", "rb", "xargs", "redis-cli", "del", "unlink", "-m", "file",
               "shell", "-a", "'path=/x state=absent'", "'dropdb x'", "--check", "--help", "--dry-run"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_TOOLS), st.lists(st.sampled_from(_TOOL_WORDS), max_size=6))
def test_screens_agree_with_the_full_analysis(tool: str, words: list[str]) -> None:
    text = " ".join([tool] + words)
    assert_same(text)
    assert_same(f"ls && {text}")


# -- the readers against the real tools ---------------------------------------------------------------
class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []
    bodies: list[bytes] = []  # the body of each request seen

    def _any(self) -> None:
        self.seen.append((self.command, self.path))
        if self.headers.get("Transfer-Encoding") == "chunked":  # `curl -T -`: the length is not known beforehand
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                body += self.rfile.read(size)
                self.rfile.readline()
                if size == 0:
                    break
        else:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.bodies.append(body)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def __getattr__(self, name: str):
        if name.startswith("do_"):
            return self._any
        raise AttributeError(name)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def recorder():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _sent(argv: list[str]) -> list[tuple[str, str]]:
    _Recorder.seen = []
    subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=20)
    return list(_Recorder.seen)


_CURL_LINES = ["-s -X DELETE {u}/a", "-s -XDELETE {u}/a", "-sSX DELETE {u}/a", "-s -X=DELETE {u}/a",
               "-s --request DELETE {u}/a", "-s --request=DELETE {u}/a", "-s -X DELETE -X GET {u}/a",
               "-s -X DELETE {u}/a --next {u}/b", "-s -X DELETE --url {u}/a {u}/b", "-s {u}/a -X DELETE",
               "-s -X DELETE -- {u}/a", "-s -XDELETE -: {u}/a", "-s -X delete {u}/a", "-s -X DELETE -X POST {u}/a"]


def _not_get(requests: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted((m, p) for m, p in requests if m != "GET")


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("line", _CURL_LINES)
def test_curl_reading_matches_curl(recorder: str, line: str) -> None:
    # the requests curl sends with a method other than GET, and the ones the reader finds (`--request=DELETE` is
    # rejected by curl, and read as a plain GET)
    args = line.format(u=recorder).split()
    read = [((r.method.value if r.method else "GET"), u.value.removeprefix(recorder))
            for r in curl_requests(_words(" ".join(args))) for u in r.urls]
    assert _not_get(_sent(["curl", *args])) == _not_get(read), line


_WGET_LINES = ["--method=DELETE {u}/a", "--method DELETE {u}/a", "--meth=DELETE {u}/a", "--method=delete {u}/a",
               "-e method=DELETE {u}/a", "--method=DELETE --method=GET {u}/a"]


@pytest.mark.skipif(shutil.which("wget") is None, reason="wget is not installed")
@pytest.mark.parametrize("line", _WGET_LINES)
def test_wget_reading_matches_wget(recorder: str, line: str) -> None:
    args = line.format(u=recorder).split()
    sent = _sent(["wget", "-q", "-O", "/dev/null", "--tries=1", *args])
    read = [((r.method.value or "").upper() if r.method else "GET", u.value.removeprefix(recorder))
            for r in wget_requests(_words(" ".join(args))) for u in r.urls]
    assert sent == read, (line, sent, read)
