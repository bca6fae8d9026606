"""Message brokers, streams and search clusters (Kafka, RabbitMQ, NATS, Redis, SQS/SNS/Kinesis, Pub/Sub, Elasticsearch/OpenSearch, Meilisearch, Typesense, Solr), from TypeScript (session 28).

As python/brokers.py: a request to an outsider's host (`fetch`, axios, got) from a script that creates a superuser
or an API key, or reads a stream's records or a Redis database's keys, is blocked; so is a Pub/Sub subscription
pushing to an outsider's endpoint.
"""
from __future__ import annotations

from ..per_input import holds, in_input
from .. import brokers_tables as bt

_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "got", "axios"})
_NAMES = _SENDS | {"createSubscription", "create", "modifyPushConfig", "setMetadata"}


class Brokers:
    def visit_brokers(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS:
            if not args or not in_input(bt.CODE_MARKERS, data):
                return
            found = bt.leak_finding(self.src(args[0]), data.decode("utf-8", "replace"))
            if found:
                self.block("exfiltration", found, node)
        elif holds(data, b"ushEndpoint") or holds(data, b"push_endpoint"):
            found = bt.push_finding(self.src(node), data.decode("utf-8", "replace"))
            if found:
                self.block("exfiltration", found, node)
