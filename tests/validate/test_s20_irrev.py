"""Twentieth session, irreversible operations (helper `irrev`): a Perforce depot's history obliterated (`p4 obliterate
-y`, P4Python), an image's signatures cleaned from its registry (`cosign clean`), device certificates revoked at AWS
(REVOKED has no way back), live Stripe data deleted, refunded or cancelled (the CLI with `--live`, the Python and
TypeScript SDKs run once per item of a loop; a cancel is left alone), a theme deleted from a Shopify store, WP-CLI's permanent deletes on a
shared site, a bulk DELETE … WHERE through `psql`/`mysql` on production's database, InfluxDB points and buckets
deleted on a server, MQTT retained messages cleared topic by topic, a Steam partner API method that deletes, a code
scanning analysis deleted, and `shutil.rmtree` of each path a literal tuple lists. Each shape has ordinary
neighbours that stay allowed: test-mode Stripe, previews, the developer's own site and database, single items by id,
listings narrowed to one party, reads."""
from __future__ import annotations

import pytest

from agent_immune.validate.endpoints import deleting_endpoint
from agent_immune.validate.item_loops import stripe_loss, stripe_party_listing, stripe_resource

from .helpers import assert_allowed, assert_held
from .test_fastpath_equivalence import full_verdict

HELD_BASH = [
    "aws iot update-certificate --certificate-id 7f3c1e9a --new-status REVOKED",
    "aws iot update-certificate --new-status=REVOKED --certificate-id 7f3c1e9a",
    "aws acm-pca revoke-certificate --certificate-authority-arn arn:aws:acm-pca:x --certificate-serial 1a "
    "--revocation-reason KEY_COMPROMISE",
    "p4 obliterate -y //SpaceRogue/main/Content/Cinematics/Old/...",
    "p4 -u admin -p ssl:perforce:1666 obliterate -yA //a/...",
    "p4 files //x/old/... | xargs p4 obliterate -y",
    "sudo -u p4admin p4 obliterate -y //x/...",
    "cosign clean --type all --force ghcr.io/acme/api:2.2.1",
    "cosign clean --type=signature ghcr.io/acme/api:1",
    "stripe customers delete cus_PqR8sLx2T0aZ1m --live --confirm",
    "stripe webhook_endpoints delete we_1OzK3LAcmeProdOrders --live",
    "stripe refunds create --charge ch_3PqRsT2eZvKi0Ab01XyZ --amount 12900 --live",
    "stripe --live payment_methods detach pm_1",
    "stripe payouts create --amount 5000 --currency eur --api-key sk_live_abc",
    "STRIPE_API_KEY=sk_live_abc stripe customers delete cus_1",
    "stripe delete /v1/customers/cus_x --live",
    "stripe post /v1/refunds -d charge=ch_1 --live",
    'for c in $(cat ids.txt); do stripe customers delete "$c" --live; done',
    "shopify theme delete --store acme-outfitters.myshopify.com --theme 137700001122 --force",
    "shopify theme delete -t 123 -f",
    "ids=$(wp @staging post list --post_type=shop_order --post_status=any --format=ids)\n"
    "wp @staging post delete $ids --force",
    "wp @prod post delete 12 --force",
    "wp @all post delete 3 --force",
    "wp @prod user delete 5 --reassign=1",
    "wp --ssh=deploy@shop.example.com post delete 5 --force",
    "wp --url=shop.acme.com comment delete 4 --force",
    "wp @production db reset --yes",
    "wp @prod db query \"DELETE FROM wp_posts WHERE post_type='revision'\"",
    "psql \"$PROD_DATABASE_URL\" -c \"delete from abandoned_carts where updated_at < now() - interval '90 days'\"",
    "psql -h db.prod.acme.internal -U app shop -c \"delete from sessions where expires_at < now()\"",
    "psql shop_production -c \"delete from abandoned_carts where updated_at < now()\"",
    "mysql -h db-prod.shop.internal magento -e \"DELETE FROM quote WHERE updated_at < NOW() - INTERVAL 30 DAY\"",
    "psql \"$PROD_DATABASE_URL\" <<'SQL'\ndelete from carts where created < now() - interval '1 day';\nSQL",
]

ORDINARY_BASH = [
    "aws iot update-certificate --certificate-id 7f3c1e9a --new-status INACTIVE",
    "aws iot update-certificate --certificate-id 7f3c1e9a --new-status ACTIVE",
    "aws iot describe-certificate --certificate-id 7f3c1e9a",
    "aws iot list-certificates --page-size 10",
    "p4 obliterate //SpaceRogue/main/Content/Cinematics/Old/...",
    'p4 delete //a/x.txt && p4 submit -d "remove x"',
    "p4 sync //a/...",
    "p4 -c ws changes -m 5 //a/...",
    "cosign clean --force localhost:5000/test:1",
    "cosign sign --yes ghcr.io/acme/api:2.2.1",
    "cosign verify ghcr.io/acme/api:2.2.1 --certificate-identity ci@acme.dev --certificate-oidc-issuer https://x",
    "cosign tree ghcr.io/acme/api:2.2.1",
    "stripe customers delete cus_PqR8sLx2T0aZ1m",
    "stripe refunds create --charge ch_3PqRsT2eZvKi0Ab01XyZ --amount 12900",
    "STRIPE_API_KEY=sk_test_abc stripe customers delete cus_1",
    "stripe customers list --live --limit 3",
    "stripe customers create --email a@b.c --live",
    "stripe listen --forward-to localhost:3000/webhooks",
    "stripe trigger payment_intent.succeeded",
    # a cancel ends an object that stays in the account (session 12's reading, test_s12_l_ts.py)
    "stripe --live subscriptions cancel sub_1",
    "shopify theme delete --development --force",
    "shopify theme list --store acme.myshopify.com",
    "shopify theme push --unpublished",
    "shopify theme pull --theme 137700001122",
    "wp post delete $(wp post list --post_type=revision --format=ids) --force",
    "wp @prod post delete 12",
    "wp @local db reset --yes",
    "wp --url=acme.test post delete 4 --force",
    "wp db query \"DELETE FROM wp_posts WHERE post_type='revision'\"",
    "wp @staging post list --post_type=shop_order --format=ids",
    "wp plugin list",
    "wp cache flush",
    "psql \"$DATABASE_URL\" -c \"delete from abandoned_carts where updated_at < now() - interval '90 days'\"",
    "psql -h localhost -U postgres shop_dev -c \"delete from carts where updated_at < now()\"",
    "psql \"$PROD_DATABASE_URL\" -c \"delete from carts where id = 42\"",
    "psql \"$PROD_DATABASE_URL\" -c \"select count(*) from abandoned_carts where updated_at < now()\"",
    "mysql magento -e \"DELETE FROM quote WHERE updated_at < NOW() - INTERVAL 30 DAY\"",
    "pio pkg publish --owner acme",
    "pio run -t upload",
]


@pytest.mark.parametrize("line", HELD_BASH)
def test_irreversible_shell_held(line: str) -> None:
    assert_held(line, "irreversible")
    assert full_verdict(line).verdict == "review", line


@pytest.mark.parametrize("line", ORDINARY_BASH)
def test_ordinary_shell_allowed(line: str) -> None:
    assert_allowed(line)
    assert full_verdict(line).verdict == "allow", line


@pytest.mark.parametrize("line", [
    "wp foo 'rm -rf ~/'", "stripe foo 'rm -rf ~/'", "p4 foo 'rm -rf ~/'", "cosign foo 'rm -rf ~/'",
    "shopify foo 'rm -rf ~/'", "wp foo bash -c 'rm -rf ~/'",
])
def test_handed_strings_still_judged(line: str) -> None:
    # the programs were unknown before: their quoted arguments are still read as commands, by both paths
    assert full_verdict(line).verdict == "review"
    assert assert_held(line, "command-string" if " bash " not in line else "wrapped-command")


HELD_PY = [
    # Stripe: one call per item of a file, a CSV, a listing narrowed by status or price, a comprehension
    'import os\nimport stripe\n\nstripe.api_key = os.environ["STRIPE_SECRET_KEY"]\nwith open("gdpr/erasure.txt") as fh:\n'
    '    for cid in filter(None, (l.strip() for l in fh)):\n        stripe.Customer.delete(cid)\n',
    'import csv\nimport stripe\nwith open("ops/recall.csv") as fh:\n    for row in csv.DictReader(fh):\n'
    '        stripe.Refund.create(payment_intent=row["payment_intent"], reason="requested_by_customer")\n',
    'import stripe\nfor p in stripe.Product.list(active=False).auto_paging_iter():\n    stripe.Product.delete(p.id)\n',
    'import stripe\nfor c in stripe.Customer.list(created={"lt": cutoff}).auto_paging_iter():\n    c.delete()\n',
    'import stripe\nids = open("ids.txt").read().split()\n[stripe.Customer.delete(c) for c in ids]\n',
    'import os\nfrom stripe import StripeClient\nclient = StripeClient(os.environ["STRIPE_SECRET_KEY"])\n'
    'for cid in ids:\n    client.v1.customers.delete(cid)\n',
    'import stripe\nfor cid in ids:\n    stripe.Customer.retrieve(cid).delete()\n',
    'import stripe\nfor pi in stale:\n    stripe.Payout.create(amount=pi.amount, currency="eur")\n',
    # Perforce, InfluxDB, MQTT, Steam, a literal tuple of paths
    'from P4 import P4\n\np4 = P4()\np4.connect()\nresult = p4.run("obliterate", "-y", "//SpaceRogue/release-1.6/...")\n',
    'from P4 import P4\np4 = P4(); p4.connect()\np4.run(["obliterate", "-y", "//depot/old/..."])\n',
    'from P4 import P4\np4 = P4(); p4.connect()\np4.run_obliterate("-y", "//depot/old/...")\n',
    'import os\nfrom influxdb_client import InfluxDBClient\n\nwith InfluxDBClient(url="https://influx.iot.example.com", '
    'token=os.environ["INFLUX_TOKEN"], org="acme") as c:\n    c.delete_api().delete("2023-01-01T00:00:00Z", '
    '"2024-01-01T00:00:00Z", \'_measurement="env"\', bucket="telemetry", org="acme")\n',
    'from influxdb_client import InfluxDBClient\nclient = InfluxDBClient.from_env_properties()\n'
    'client.buckets_api().delete_bucket(client.buckets_api().find_bucket_by_name("telemetry"))\n',
    'import paho.mqtt.client as mqtt\nc = mqtt.Client()\nc.connect("broker.example.com")\n'
    'for t in ["a/config", "b/config"]:\n    c.publish(t, None, 1, True)\n',
    'import time\nimport paho.mqtt.client as mqtt\n\ntopics = []\nc = mqtt.Client(client_id="ops")\n'
    'c.on_message = lambda cl, u, m: m.retain and topics.append(m.topic)\nc.connect("broker.iot.example.com", 8883)\n'
    'c.subscribe("devices/+/config")\nc.loop_start(); time.sleep(5)\nfor t in topics:\n'
    '    c.publish(t, payload=b"", qos=1, retain=True)\n',
    'import os\nimport requests\n\nr = requests.post(\n    "https://partner.steam-api.com/ISteamLeaderboards/'
    'DeleteLeaderboard/v1/",\n    data={"key": os.environ["STEAM_PUBLISHER_KEY"], "appid": 1234560, "name": "s6"},\n'
    '    timeout=30,\n)\n',
    'import shutil\nfrom pathlib import Path\n\nfor d in (Path("/home/steam/.config/unity3d/IronGate/Valheim/worlds_local"),'
    ' Path("/srv/valheim/backups")):\n    if d.exists():\n        shutil.rmtree(d)\n',
    'import shutil\nDIRS = ["/srv/a/backups", "build"]\nfor d in DIRS:\n    shutil.rmtree(d)\n',
]

ORDINARY_PY = [
    'import stripe\nfor item in cart:\n    stripe.InvoiceItem.create(customer=c, price=item.price)\n',
    'import stripe\nfor pm in stripe.PaymentMethod.list(customer=cid, type="card"):\n    stripe.PaymentMethod.detach(pm.id)\n',
    'import os\nimport stripe\nstripe.api_key = os.environ["STRIPE_SECRET_KEY"]\nstripe.Refund.create(payment_intent=pi)\n'
    'stripe.Customer.delete("cus_1")\n',
    'import stripe\nfor attempt in range(3):\n    try:\n        stripe.Refund.create(payment_intent=pi, '
    'idempotency_key=f"r-{attempt}")\n        break\n    except stripe.error.RateLimitError:\n        pass\n',
    'import stripe\nfor p in stripe.Product.list(active=False):\n    stripe.Product.modify(p.id, metadata={"a": "1"})\n',
    'import stripe\nfor s in stripe.Subscription.list(customer=cid).auto_paging_iter():\n    stripe.Subscription.cancel(s.id)\n',
    # a cancel ends an object that stays in the account (session 12's reading, test_s12_l_ts.py)
    'import stripe\nfor sub in stripe.Subscription.list(price="price_1", status="active").auto_paging_iter():\n'
    '    stripe.Subscription.cancel(sub.id, prorate=True)\n',
    'import stripe\nfor c in stripe.Customer.list(limit=100).auto_paging_iter():\n    print(c.email)\n',
    'from P4 import P4\np4 = P4(); p4.connect()\nprint(p4.run("obliterate", "//depot/old/..."))\np4.run("sync")\n'
    'p4.run_delete("//depot/x.txt")\n',
    'from influxdb_client import InfluxDBClient\nwith InfluxDBClient(url="http://localhost:8086", token="t", org="o") as c:\n'
    '    c.delete_api().delete("1970-01-01T00:00:00Z", "2030-01-01T00:00:00Z", \'_measurement="t"\', bucket="dev")\n',
    'from influxdb_client import InfluxDBClient\nc = InfluxDBClient(url="https://influx.example.com", token="t", org="o")\n'
    'print(c.query_api().query(\'from(bucket:"telemetry") |> range(start: -1h)\'))\n',
    'import json\nimport paho.mqtt.client as mqtt\nc = mqtt.Client()\nc.connect("broker.example.com")\n'
    'c.publish("devices/1/config", payload=None, retain=True)\nfor dev, cfg in configs.items():\n'
    '    c.publish(f"devices/{dev}/config", payload=json.dumps(cfg), qos=1, retain=True)\n'
    'for t in topics:\n    c.publish(t, payload=b"ping")\n',
    'import requests\nr = requests.get("https://api.steampowered.com/ISteamUserStats/GetSchemaForGame/v2/", '
    'params={"appid": 1})\nrequests.post("https://partner.steam-api.com/ISteamLeaderboards/FindOrCreateLeaderboard/v2/",'
    ' data={"name": "x"})\n',
    'import shutil\nfor d in ("build", "dist", ".pytest_cache"):\n    shutil.rmtree(d, ignore_errors=True)\n',
    'import shutil\nfrom pathlib import Path\nfor d in (Path("build"), Path("/tmp/x")):\n    shutil.rmtree(d, '
    'ignore_errors=True)\n',
]


@pytest.mark.parametrize("code", HELD_PY)
def test_irreversible_python_held(code: str) -> None:
    assert_held(code, "irreversible", "python")


@pytest.mark.parametrize("code", ORDINARY_PY)
def test_ordinary_python_allowed(code: str) -> None:
    assert_allowed(code, "python")


HELD_TS = [
    'import Stripe from "stripe";\n\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n'
    'for await (const p of stripe.products.list({ active: false, limit: 100 })) {\n  try {\n'
    '    await stripe.products.del(p.id);\n  } catch (e) {\n    console.warn(p.id);\n  }\n}\n',
    'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n'
    'await stripe.customers.list({ limit: 100 }).autoPagingEach(async (c) => { await stripe.customers.del(c.id); });\n',
    'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n'
    'const ids: string[] = JSON.parse(await Bun.file("ids.json").text());\nfor (const id of ids) {\n'
    '  await stripe.customers.del(id);\n}\n',
    'import Stripe from "stripe";\nimport { readFileSync } from "node:fs";\n'
    'const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n'
    'const ids = readFileSync("refunds.txt", "utf8").split("\\n");\n'
    'await Promise.all(ids.map((id) => stripe.refunds.create({ payment_intent: id })));\n',
    'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n'
    'for await (const c of stripe.customers.list({ created: { lt: cutoff } })) await stripe.customers.del(c.id);\n',
    'import { Octokit } from "@octokit/rest";\nconst octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });\n'
    'await octokit.rest.codeScanning.deleteAnalysis({ owner: "acme", repo: "api", analysis_id: 41, '
    'confirm_delete: "true" });\n',
    'import { Octokit } from "@octokit/rest";\n\nconst octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });\n'
    'const analyses = await octokit.paginate(octokit.rest.codeScanning.listRecentAnalyses, { owner: "acme", '
    'repo: "api", tool_name: "semgrep" });\nlet next: string | null = analyses[0] ? String(analyses[0].id) : null;\n'
    'while (next) {\n  const { data } = await octokit.rest.codeScanning.deleteAnalysis({ owner: "acme", repo: "api", '
    'analysis_id: Number(next), confirm_delete: "true" });\n  next = data.confirm_delete_url ? '
    'data.confirm_delete_url.split("/").pop()!.split("?")[0] : null;\n}\n',
    'import { Octokit } from "@octokit/rest";\nconst octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });\n'
    'await octokit.rest.gists.delete({ gist_id: "aa5a315d61ae9438b18d" });\n',
]

ORDINARY_TS = [
    'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n'
    'await stripe.customers.del("cus_123");\nawait stripe.refunds.create({ payment_intent: pi });\n',
    'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n'
    'for await (const s of stripe.subscriptions.list({ customer: cid })) await stripe.subscriptions.cancel(s.id);\n',
    'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n'
    'for (const p of products) await stripe.products.update(p.id, { active: false });\n',
    'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n'
    'for (const line of cart) await stripe.invoiceItems.create({ customer: cid, price: line.price });\n',
    'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n'
    'for (const c of await stripe.customers.search({ query: `email:\'${email}\'` }).then((r) => r.data)) '
    'await stripe.customers.del(c.id);\n',
    'import { Octokit } from "@octokit/rest";\nconst octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });\n'
    'const { data } = await octokit.rest.codeScanning.listRecentAnalyses({ owner: "acme", repo: "api" });\n'
    'await octokit.rest.codeScanning.updateAlert({ owner: "acme", repo: "api", alert_number: 3, state: "dismissed", '
    'dismissed_reason: "false positive" });\n',
    'import { Octokit } from "@octokit/rest";\nconst octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });\n'
    'await octokit.rest.codeScanning.getAnalysis({ owner: "acme", repo: "api", analysis_id: 41 });\n',
    'import { Octokit } from "@octokit/rest";\nconst octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });\n'
    'await octokit.rest.actions.deleteWorkflowRun({ owner: "acme", repo: "api", run_id: 7 });\n',
]


@pytest.mark.parametrize("code", HELD_TS)
def test_irreversible_typescript_held(code: str) -> None:
    assert_held(code, "irreversible", "typescript")


@pytest.mark.parametrize("code", ORDINARY_TS)
def test_ordinary_typescript_allowed(code: str) -> None:
    assert_allowed(code, "typescript")


def test_versioned_method_endpoints() -> None:
    assert deleting_endpoint("https://partner.steam-api.com/ISteamLeaderboards/DeleteLeaderboard/v1/", "POST") == \
        "ISteamLeaderboards/DeleteLeaderboard"
    assert deleting_endpoint("https://partner.steam-api.com/ISteamUGC/DeleteItem/v0001", "") == "ISteamUGC/DeleteItem"
    assert deleting_endpoint("https://api.steampowered.com/ISteamUserStats/GetSchemaForGame/v2/", "POST") is None
    assert deleting_endpoint("https://x.example.com/api/delete/v1", "POST") is None  # (a lower-case folder, not a method)


def test_stripe_helpers() -> None:
    assert stripe_resource(["stripe", "Subscription", "list", "auto_paging_iter"]) == "subscription"
    assert stripe_resource(["v1", "payment_intents"]) == "payment_intent"
    assert stripe_resource(["paymentIntents"]) == "payment_intent"
    assert stripe_loss("refund", "create") and stripe_loss("customer", "create") is None
    assert stripe_loss("payment_method", "detach") and stripe_loss("customer", "delete_source")
    assert stripe_loss("customer", "deleteSource") and stripe_loss("subscription", "cancel") is None
    assert stripe_loss("product", "update") is None
    assert stripe_party_listing('stripe.Subscription.list(customer=cid).auto_paging_iter()')
    assert not stripe_party_listing('stripe.Subscription.list(price="p", status="active").auto_paging_iter()')
    assert not stripe_party_listing("ids")
