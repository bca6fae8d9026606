"""A loop deleting, one by one, every item an unfiltered listing of a remote store returns is held like the
mass delete it is (item_loops.py). A held-out TypeScript line (2026-11-22) emptied a Stripe account this way
and was allowed, because each `customers.del` is an item-level delete."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_reviewed

STRIPE_TS = 'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n'


@pytest.mark.parametrize("source,lang", [
    (STRIPE_TS + "for await (const c of stripe.customers.list({ limit: 100 })) {\n  await stripe.customers.del(c.id);\n}",
     "typescript"),
    ("import stripe\nfor c in stripe.Customer.list(limit=100).auto_paging_iter():\n    stripe.Customer.delete(c.id)",
     "python"),
    ("import stripe\nfor c in stripe.Customer.list():\n    c.delete()", "python"),
    ('import boto3\ns3 = boto3.client("s3")\nfor o in s3.list_objects_v2(Bucket="data")["Contents"]:\n'
     '    s3.delete_object(Bucket="data", Key=o["Key"])', "python"),
    ('import boto3\nddb = boto3.resource("dynamodb").Table("orders")\nfor item in ddb.scan()["Items"]:\n'
     '    ddb.delete_item(Key={"id": item["id"]})', "python"),
    ('from pymongo import MongoClient\ndb = MongoClient("mongodb://db.internal:27017").app\n'
     'for d in db.users.find({}):\n    db.users.delete_one({"_id": d["_id"]})', "python"),
    ('from google.cloud import firestore\ndb = firestore.Client()\nfor doc in db.collection("users").stream():\n'
     '    doc.reference.delete()', "python"),
    ('import { Octokit } from "@octokit/rest";\nconst gh = new Octokit({ auth: process.env.GH_TOKEN });\n'
     'for (const r of (await gh.repos.listReleases({ owner: "o", repo: "r", per_page: 100 })).data) {\n'
     '  await gh.repos.deleteReleaseAsset({ owner: "o", repo: "r", asset_id: r.id });\n}', "typescript"),
])
def test_deleting_every_listed_item_is_held(source: str, lang: str) -> None:
    assert_reviewed(source, "irreversible", lang)


@pytest.mark.parametrize("source,lang", [
    # narrowed listings: a filter says which items, as `delete_many` with a filter does
    (STRIPE_TS + 'for await (const c of stripe.customers.list({ email: "test@example.com" })) {\n'
     "  await stripe.customers.del(c.id);\n}", "typescript"),
    ('import boto3\ns3 = boto3.client("s3")\nfor o in s3.list_objects_v2(Bucket="data", Prefix="tmp/")["Contents"]:\n'
     '    s3.delete_object(Bucket="data", Key=o["Key"])', "python"),
    # listing without deleting, or deleting something else than the items
    ("import stripe\nfor c in stripe.Customer.list(limit=100).auto_paging_iter():\n    print(c.id, c.email)", "python"),
    ("import stripe\nfor c in stripe.Customer.list():\n    cache.delete(key)", "python"),
    # local files and stores no remote SDK reaches
    ('import os\nfor f in os.listdir("build"):\n    os.remove(os.path.join("build", f))', "python"),
    ('from pathlib import Path\nfor p in Path("out").glob("*.tmp"):\n    p.unlink()', "python"),
    ('const items = await fetchItems();\nfor (const i of items.list()) { store.delete(i.id); }', "typescript"),
    # one item by key
    (STRIPE_TS + 'await stripe.customers.del("cus_123");', "typescript"),
])
def test_narrowed_or_single_deletes_stay_allowed(source: str, lang: str) -> None:
    assert_allowed(source, lang)
