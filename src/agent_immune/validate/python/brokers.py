"""Message brokers, streams and search clusters (Kafka, RabbitMQ, NATS, Redis, SQS/SNS/Kinesis, Pub/Sub, Elasticsearch/OpenSearch, Meilisearch, Typesense, Solr), from Python (session 28).

Whose host is read as brokers_tables says. Blocked:
- a request to an outsider's host from a script that creates a superuser or an API key, or reads a stream's records
  or a Redis database's keys (brokers_tables.code_leak): what it made or read is what it sends;
- a Pub/Sub subscription whose push endpoint is an outsider's (`create_subscription(… push_config={"push_endpoint":
  …})`);
- OpenSearch's all_access (or another admin role) mapped to `*` through the REST API (`perform_request("PUT",
  "/_plugins/_security/api/rolesmapping/all_access", body={"users": ["*"]})`).
"""
from __future__ import annotations

from .. import brokers_tables as bt
from ..per_input import decoded, holds
from .http_calls import leak_sent

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request", "get"})
_NAMES = _SENDS | {"create_subscription", "update_subscription", "modify_push_config", "perform_request",
                   "put_role_mapping"}


class Brokers:
    def visit_brokers(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS:
            leak_sent(self, name, node, pos, bt.CODE_MARKERS, bt.leak_finding)
        elif name in ("perform_request", "put_role_mapping"):
            src = self.src(node)
            found = bt.rolesmapping_finding(src, src)
            if found:
                self.block("privilege-escalation", found, node)
        elif holds(data, b"push"):
            found = bt.push_finding(self.src(node), decoded(data))
            if found:
                self.block("exfiltration", found, node)
