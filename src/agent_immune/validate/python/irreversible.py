"""What Python code destroys outside the project through libraries (rule `irreversible`, review):
SQL that drops or empties tables, ORM and store-level wipes, cloud, cluster and code-host
resources deleted, a private repository made public.

A call is judged by its method name and what its receiver was made from: the receiver is
followed back through names, attributes and method calls to the constructor or connect call
it came from (`cur` <- `conn.cursor()` <- `sqlite3.connect(":memory:")`). A database wipe of an
in-memory or temporary database (tests) is not asked about; neither are item-level deletes (one
S3 object, one queue message, one row by key), the everyday use of those stores.
"""
from __future__ import annotations

import re

from ..per_input import holds, in_input
from ..cloud_audit import DETECTOR_DISABLED, FIX as AUDIT_FIX, SDK_AUDIT_OFF
from ..common_code import (RUN_NAME, STORE_LOSS, cloud_loss, ephemeral_db, irreversible_message, parent_path, redis_loss,
                           resource_noun, sql_loss, store_loss)
from ..shops import site_admin
from ..sql import (PLACEHOLDER as SQL_PLACEHOLDER, bulk_delete, created, local_database, local_url, privilege,
                   production_name, redis_plant_message, redis_planted_pair, throwaway_name)
from ..paths import relative as _relative
from .code import _IMPORTERS
from .files import _DELETE, _WALKS
from .network import _PATH_DECODERS, _SERIALISE, SECRET_STORE_CALLS
from .processes import _PROCESS_LISTS, QA_SESSION_METHODS, REMOTE_METHODS

# joins of path pieces, whose pieces may be a list spread (`os.path.join(home, *parts)`)
_JOINS = frozenset({"os.path.join", "posixpath.join"})
# module -> family of what its clients reach
_FAMILIES = {"boto3": "aws", "aioboto3": "aws", "botocore": "aws", "aiobotocore": "aws", "google": "gcp",
             "azure": "azure", "kubernetes": "k8s", "kubernetes_asyncio": "k8s", "github": "github",
             "pymongo": "mongo", "motor": "mongo", "mongomock": "mongo", "redis": "redis", "fakeredis": "redis",
             "aioredis": "redis", "sqlite3": "sql", "aiosqlite": "sql", "duckdb": "sql", "sqlalchemy": "sql",
             "sqlmodel": "sql", "psycopg2": "sql", "psycopg": "sql", "pymysql": "sql", "MySQLdb": "sql",
             "mysql": "sql", "asyncpg": "sql", "peewee": "sql", "playhouse": "sql", "databases": "sql",
             "django": "sql", "flask_sqlalchemy": "sql", "pyodbc": "sql", "oracledb": "sql", "cx_Oracle": "sql",
             "snowflake": "sql", "clickhouse_driver": "sql", "stripe": "stripe", "firebase_admin": "gcp",
             **dict.fromkeys(("elasticsearch", "opensearchpy", "meilisearch", "typesense", "algoliasearch"), "search"),
             **dict.fromkeys(("pinecone", "weaviate", "qdrant_client", "chromadb", "pymilvus", "lancedb"), "vector"),
             "mlflow": "mlflow", "huggingface_hub": "hf", "wandb": "wandb", "cloudflare": "cloudflare",
             "CloudFlare": "cloudflare", **dict.fromkeys(("confluent_kafka", "kafka", "aiokafka"), "kafka")}
# calls that open a database: their target says whether it is a throwaway one
_CONNECTS = frozenset({"sqlite3.connect", "aiosqlite.connect", "duckdb.connect", "sqlalchemy.create_engine",
                       "sqlalchemy.ext.asyncio.create_async_engine", "sqlmodel.create_engine", "peewee.SqliteDatabase",
                       "psycopg2.connect", "psycopg.connect", "psycopg.AsyncConnection.connect", "pymysql.connect",
                       "MySQLdb.connect", "mysql.connector.connect", "asyncpg.connect", "asyncpg.create_pool",
                       "pymongo.MongoClient", "motor.motor_asyncio.AsyncIOMotorClient", "mongomock.MongoClient",
                       "redis.Redis", "redis.StrictRedis", "redis.from_url", "redis.Redis.from_url",
                       "fakeredis.FakeRedis", "fakeredis.FakeStrictRedis", "databases.Database", "duckdb.connect",
                       "chromadb.EphemeralClient", "chromadb.Client", "chromadb.PersistentClient",
                       "qdrant_client.QdrantClient"})
# connects that open a database kept in one file, named by their target
_FILE_DBS = frozenset({"sqlite3.connect", "aiosqlite.connect", "duckdb.connect", "peewee.SqliteDatabase",
                       "sqlalchemy.create_engine", "sqlalchemy.ext.asyncio.create_async_engine", "sqlmodel.create_engine"})
# what a name holding a SQLite file's path may be given (`sys.argv[1] if … else "var/dev.sqlite3"`, `a or b`)
_DB_KINDS = frozenset({"conditional_expression", "boolean_operator", "call", "binary_operator", "attribute"})
_SQLITE_URL = re.compile(r"^sqlite(?:\+\w+)?:///(.*)$")
# a database file named as a development, test or sample copy (and not as production's)
_DEV_NAME = re.compile(r"(?:^|[/._-])(?:dev|devel|development|test|tests|testing|local|sample|samples|example|demo|"
                       r"fixtures?|scratch|tmp|temp|sandbox|seed|playground)(?=[/._-]|\d|$)", re.I)
_PROD_NAME = re.compile(r"(?:^|[/._-])(?:prod|production|live|main|master|backup)(?=[/._-]|\d|$)", re.I)


def dev_copy(path: str) -> bool:
    return _DEV_NAME.search(path) is not None and _PROD_NAME.search(path) is None
_IN_MEMORY = frozenset({"chromadb.EphemeralClient", "chromadb.Client"})  # with no arguments: a store in memory
_MOCKS = ("fakeredis", "mongomock")
_SQL_METHODS = frozenset({"execute", "executemany", "executescript", "exec_driver_sql", "query", "execute_sql"})
_SQL_WRAPPERS = frozenset({"text", "SQL", "literal_column"})  # sqlalchemy.text(...), psycopg.sql.SQL(...)
# wipes named by the method alone -> what it loses
_WIPES = {"drop_all": "drops every table the metadata knows, with their rows",
          "drop_tables": "drops the tables with their rows", "truncate_table": "empties the table",
          "drop_database": "drops the whole database", "drop_collection": "drops the collection and its documents",
          **{m: redis_loss(m) for m in ("flushall", "flushdb")},
          "recursive_delete": "deletes the collection with every document under it"}
# objects whose own `.delete()` removes one item: a key, a blob, a document, a message
_ITEM_OBJECTS = frozenset({"Object", "ObjectSummary", "Message", "blob", "get_blob", "Blob", "document", "get_document",
                           "get_blob_client", "BlobClient"})
# PyGithub objects whose `.delete()` removes a repository, a branch or a release
_GITHUB_DELETES = {"get_repo": "deletes the repository with its issues, pull requests and wiki",
                   "create_repo": "deletes the repository", "create_fork": "deletes the repository",
                   "get_repos": "deletes each repository listed, with its issues, pull requests and wiki",
                   "get_git_ref": "deletes the branch or tag on the remote",
                   "get_git_refs": "deletes each branch or tag listed on the remote",
                   "get_releases": "deletes each release listed, with its assets",
                   "get_release": "deletes the release and its assets",
                   "get_latest_release": "deletes the release and its assets"}
_PREFIXES = ("delete_", "terminate_", "purge_", "deregister_", "begin_delete", "batch_delete_")
_CHECKED = frozenset(_WIPES) | _SQL_METHODS | {"delete", "terminate", "purge", "drop", "delete_many", "remove", "edit",
                                               "execute_command", "to_sql", "delete_all", "reset", "clear_objects",
                                               "drop_table", "vacuum"}
# (session 18) lakehouse tables and LLM-ops stores whose clients' methods lose data for good: module -> method -> loss
_LIB_LOSS = {
    "pyiceberg": {"purge_table": "drops the Iceberg table and deletes its data and metadata files from storage "
                                "(`drop_table` keeps the files, and `register_table` brings it back)"},
    "langsmith": {"delete_dataset": "deletes the dataset with every example in it and the experiments run on it",
                  "delete_project": "deletes the tracing project with every run traced in it",
                  "delete_prompt": "deletes the prompt with every commit of it"},
}
# (session 28) test-management services: the testrail-api client's deletes (`api.runs.delete_run(7)`) lose the runs,
# plans, suites or cases with every result recorded in them (TestRail has no trash); the official binding's
# `client.send_post("delete_run/7", {})` names the same endpoints (_qa_send_post)
_QA_TESTRAIL_LOSS = {
    "delete_run": "deletes the test run with every result recorded in it",
    "delete_plan": "deletes the test plan with its runs and every result recorded in them",
    "delete_plan_entry": "deletes the test plan's entry with its runs and their results",
    "delete_run_from_plan_entry": "deletes the run from the plan with its results",
    "delete_suite": "deletes the test suite with its cases, and the runs and results made of them",
    "delete_project": "deletes the project with every suite, case, run and result in it",
    "delete_case": "deletes the test case, and its results in every active run",
    "delete_cases": "deletes the test cases, and their results in every active run",
    "delete_section": "deletes the section with every case in it",
    "delete_milestone": "deletes the milestone", "delete_config_group": "deletes the configuration group",
    "delete_dataset": "deletes the dataset", "delete_attachment": "deletes the attachment",
    "delete_shared_step": "deletes the shared step from every case that uses it",
}
_LIB_LOSS["testrail_api"] = _QA_TESTRAIL_LOSS
_DELTA_RETENTION = 168  # hours: Delta's retention check (a shorter VACUUM is refused unless the check is turned off)
# boto3 calls that open a bucket to anyone (the bucket policy is read for a `"Principal": "*"` Allow)
_PUBLIC_ACLS = frozenset({"public-read", "public-read-write", "authenticated-read"})
_ENV_READS = frozenset({"os.environ.get", "os.getenv", "os.environ.__getitem__"})
_DJANGO_WIPES = frozenset({"flush", "reset_db"})
# an SFTP client's deletes (paramiko, pysftp, asyncssh)
_SFTP_DELETES = frozenset({"remove", "unlink", "rmdir", "rmtree"})
# a Route 53 change batch that deletes records
_DNS_DELETE = re.compile(rb"""["']?Action["']?\s*[:=]\s*["']DELETE["']""")
# Kafka admin clients' deletes (confluent-kafka, kafka-python, aiokafka) -> what they lose
_KAFKA_DELETES = {"delete_topics": "deletes the topics with every message in them",
                  "delete_records": "deletes the partitions' messages before the offsets given"}
# PyGithub deletes named by the method -> what they lose (a repository's, an organisation's or an environment's)
_GITHUB_METHOD_DELETES = {
    "delete_secret": "deletes the Actions secret (GitHub never shows its value again: the workflows that use it "
                     "break until someone who has it sets it anew)",
    "delete_environment": "deletes the deployment environment with its secrets, variables and protection rules"}
# (`delete_variable` is left alone: a variable's value is configuration anyone with access reads, as for `gh variable
# delete` in the shell)
# test fixtures and hooks: the database they empty is the suite's own (pytest, unittest)
_FIXTURES = frozenset({"pytest.fixture", "pytest_asyncio.fixture", "fixture"})
_TEST_FUNCTION = re.compile(r"(?:test_\w*|setUp\w*|tearDown\w*|setup_\w*|teardown_\w*|asyncSetUp|asyncTearDown)$")
_DROP_NAME = re.compile(r"(?i)\bdrop\s+(table|schema)\s+(?:if\s+exists\s+)?((?:[\w.\"`{}\[\]]|\{[^}]*\})+)")
# boto3 calls that switch an account's audit off with an argument (the others: cloud_audit.SDK_AUDIT_OFF): method ->
# (the client's service, keyword, the value that empties or disables, what stops being recorded). Blocked as
# anti-forensics, whatever the comments say the cost is.
_AUDIT_OFF_WITH = {"update_detector": ("guardduty", "Enable", "False", DETECTOR_DISABLED),
                   "put_event_selectors": ("cloudtrail", "EventSelectors", "[]",
                                           "empties the trail's event selectors: it records nothing from now on")}
# hvac (Vault) calls that lose secrets for good -> what they lose
_VAULT_LOSS = {
    "delete_metadata_and_all_versions": "deletes every version of the secret with its metadata (`undelete` cannot "
                                        "bring any back)",
    "destroy_secret_versions": "destroys those versions of the secret for good (a soft delete can be undone; this "
                               "cannot)",
    "delete_secret": "deletes the KV version 1 secret (that engine keeps no versions)",
    "disable_secrets_engine": "unmounts the secrets engine and deletes every secret stored under it",
    "delete_namespace": "deletes the namespace with every secret, policy and auth method in it",
    "delete_key": "deletes the transit key: whatever was encrypted with it can never be decrypted again",
}
# (session 21) Pulumi Automation API calls with no undo -> what they lose
_PULUMI_LOSS = {"destroy": "deletes every resource of the Pulumi stack (servers, databases and their data)",
                "remove_stack": "deletes the Pulumi stack with its configuration and deployment history"}
# keys and key versions scheduled for destruction: whatever they encrypted can never be read again
_KEY_DESTROY = {"schedule_key_deletion": "aws", "destroy_crypto_key_version": "gcp"}
_DB_SETTING = re.compile(r"DATABASE_(?:URI|URL)|DB_(?:URI|URL)", re.I)
_DSN = re.compile(r"(?:^|\s)(host|dbname)\s*=\s*'?([^'\s]*)")
_CONTAINER_URL = re.compile(r"\.get_connection_ur[li]\(|\.get_container_host_ip\(")
_MADE = frozenset({"call", "attribute", "subscript", "await", "identifier"})
# a Path's listings of a directory's entries (os.listdir and kin: files._WALKS)
_LISTINGS = frozenset({"iterdir", "glob", "rglob", "walk"})
# names of functions and modules that delete, kill, tunnel or send, which code only assembles from pieces
# (`getattr(shutil, "rm" + "tree")`, `import_module("param" + "iko")`) to get past a reader
_HIDDEN_HARM = frozenset({"rmtree", "remove", "unlink", "rmdir", "removedirs", "kill", "killpg", "shutil", "signal",
                          "psutil", "paramiko", "secretstorage", "keyring", "tarfile", "zipfile", "requests", "httpx",
                          "urllib", "urllib.request", "smtplib", "ftplib", "post", "put", "urlopen", "SSHClient",
                          "request_port_forward", "exec_command", "getpass", "dup2", "spawn"})
_ASSEMBLED = frozenset({"binary_operator", "concatenated_string", "call"})  # a name put together: "rm" + "tree"
# calls that encrypt data or a file (cryptography's Fernet and ciphers, PyCryptodome, PyNaCl, pyAesCrypt, gnupg)
_ENCRYPTS = frozenset({"encrypt", "encryptor", "encryptFile", "encrypt_file", "encryptStream"})
_TEMP_WORDS = ("tmp", "temp")  # a delete of a scratch copy, not of the original
# what a name or attribute holding a path may be given (run_paths follows it)
_PATH_VALUES = frozenset({"string", "concatenated_string", "binary_operator", "boolean_operator", "call",
                          "conditional_expression", "attribute", "subscript", "parenthesized_expression"})
_ENV_GETS = frozenset({"os.environ.get", "os.getenv"})
# (session 19) chat, mail and SMS services: a message, channel or role deleted there is gone for everyone who read it
_CHAT = frozenset({"slack_sdk", "slack_bolt", "slack", "discord", "nextcord", "disnake", "hikari", "interactions",
                   "telegram", "aiogram", "telethon", "pyrogram", "twilio", "imaplib", "imapclient", "mailchimp3",
                   "sendgrid"})
# a chat service's calls that delete many messages at once, or a whole server (`channel.purge()`)
_CHAT_BULK = {"purge": "deletes the channel's messages in bulk", "delete_messages": "deletes the messages given",
              "bulk_delete": "deletes the messages given"}
# deletes of one item each, a mass delete when a loop runs them
_ITEM_CALLS = frozenset({"delete", "chat_delete", "delete_message", "deleteMessage", "remove"})
# Google API (discovery client) resources whose `delete` loses content for good: mail deleted past the trash, Drive
# files past the trash, Play products, YouTube videos, Workspace users and groups
_GOOGLE_HELD = frozenset({"messages", "threads", "files", "drives", "inappproducts", "subscriptions",
                          "onetimeproducts", "monetization", "videos", "users", "groups", "calendars"})
# fsspec's remote file systems (a bucket, an SFTP server, a share); "file" and "memory" are this machine's
_FSSPEC = frozenset({"fsspec", "s3fs", "gcsfs", "adlfs", "ocifs", "sshfs"})
_LOCAL_FS = frozenset({"file", "local", "memory", "tmp"})
_REMOTE_STORE = re.compile(r"^(?:s3a?|gs|gcs|az|abfss?|adl|oci|hdfs|sftp|ssh|https?)://", re.I)
_LOOPS = frozenset({"for_statement", "while_statement", "list_comprehension", "generator_expression",
                    "set_comprehension", "dictionary_comprehension"})
_HDF_DEL = re.compile(rb"(?m)^[^\S\n]*del\s+\w+\s*\[")
# (session 20) InfluxDB's clients' deletes -> what they lose (influxdb-client's DeleteApi, BucketsApi; v1's client)
_INFLUX_LOSS = {"delete": "deletes the points of the bucket that the time range and predicate match",
                "delete_bucket": "deletes the bucket with every point in it",
                "delete_organization": "deletes the organization with its buckets and their data",
                "delete_series": "deletes the series with their points", "drop_measurement": "drops the measurement "
                "with its points", "drop_retention_policy": "drops the retention policy with its data"}
_MQTT = frozenset({"paho", "aiomqtt", "asyncio_mqtt", "gmqtt", "amqtt", "hbmqtt"})
_EMPTY_PAYLOADS = frozenset({'b""', "b''", '""', "''", "None", "bytes()", "bytearray()", 'bytes("")'})
_S20_METHODS = frozenset({"delete", "del", "create", "detach", "delete_source", "run", "run_obliterate", "publish",
                          *_INFLUX_LOSS})


# a table named as a load's scratch copy (`customers_stage`, `stg_orders`, `tmp_events`): the script that replaces it
# fills it from its frame and merges it into the real table (`INSERT … SELECT … FROM crm.customers_stage`); what is
# lost is the previous load's copy, which the previous run already merged
_SCRATCH_TABLE = re.compile(r"(?i)(?:^|_)(?:stage|staging|stg|tmp|temp|scratch)(?:_|$|\d)")


def _scratch_table(name: str | None) -> bool:
    return bool(name) and _SCRATCH_TABLE.search(name.rsplit(".", 1)[-1]) is not None


class Irreversible:
    """Deletes and overwrites outside the project that have no undo."""

    def _bind(self, left, right) -> None:
        """`left = right`, `for left in right`, `with right as left`: what the name's object is made from."""
        if left is not None and right is not None and left.type == "identifier" and right.type in _MADE:
            self.bound[self.src(left)] = right
        elif left is not None and right is not None and left.type == "identifier" and \
                right.type in ("list_comprehension", "generator_expression"):
            picked = self._picked_from(right)  # targets = [r for r in org.get_repos() if r.name.startswith(p)]
            if picked is not None:
                self.bound[self.src(left)] = picked
        if left is not None and right is not None and left.parent is not None and \
                left.parent.type == "for_statement":
            self._dict_keys_loop(left, right, left.parent.child_by_field_name("body"))

    def _picked_from(self, comp):
        """The collection a comprehension picks items of as they are (`[r for r in X if …]`): X; None otherwise."""
        body = comp.child_by_field_name("body")
        clauses = [c for c in comp.named_children if c.type == "for_in_clause"]
        if body is None or len(clauses) != 1:
            return None
        left, right = clauses[0].child_by_field_name("left"), clauses[0].child_by_field_name("right")
        return right if left is not None and right is not None and right.type in _MADE and \
            self.src(left) == self.src(body) else None

    def _dict_keys_loop(self, left, right, body) -> None:
        """`for name, body in HOOKS.items()` / `for name in HOOKS` over a dict written in the code: the key's name
        stands for the key that makes the body's path most dangerous (`os.path.join(".git/hooks", name)` is a
        hook for each key), as a loop over a literal list's name does (common_code.note_loop)."""
        table = right
        if right.type == "call" and not self.args(right):
            fn = right.child_by_field_name("function")
            if fn is None or fn.type != "attribute" or self.src(fn.child_by_field_name("attribute")) not in (
                    "items", "keys"):
                return
            table = fn.child_by_field_name("object")
        if table.type == "identifier":
            table = self.lists.get("table " + self.src(table))
        if table is None or table.type != "dictionary" or body is None:
            return
        name = left.named_children[0] if left.type in ("pattern_list", "tuple_pattern") and left.named_children \
            else left
        if name.type != "identifier":
            return
        keys = [self.string(p.child_by_field_name("key")) for p in table.named_children[:64] if p.type == "pair"]
        from ..loops import sensitive_item

        item = sensitive_item(keys) or self._joined_item(self.src(name), keys, body)
        if item is not None:
            self.consts["for " + self.src(name)] = item

    def _qa_send_post(self, fn, node, uri) -> None:
        """TestRail's API binding: `client.send_post("delete_run/" + str(rid), {})` calls the endpoint its first
        argument names (relative to the client's `index.php?/api/v2/`)."""
        text = self._url_text(uri)
        endpoint = (text or "").lstrip("/").split("/", 1)[0].split("&", 1)[0]
        loss = _QA_TESTRAIL_LOSS.get(endpoint)
        if loss is None and endpoint.startswith("delete_") and "\x00" not in endpoint:
            loss = "deletes what the endpoint names, with no undo"
        if loss is not None:
            what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else "send_post"
            self.review("irreversible", irreversible_message(f"{what}(\"{endpoint}/…\")", loss + " (TestRail keeps no "
                                                             "trash)", None), node)

    @staticmethod
    def family_of(root: str) -> str | None:
        return _FAMILIES.get(root.split(".")[0])

    def visit_irreversible(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        """A call: settled by its method name (`meth`, None for a plain call) before anything else is read."""
        self.board_erase(q, fn, meth, node, pos)  # (python/native.py: a board's flash erased, its eFuses burnt)
        self.visit_http(q, fn, meth, node, pos)
        self.visit_exposure(q, fn, meth, node, pos)
        name = meth if meth is not None else q.rpartition(".")[2] if q is not None else None
        if name == "send_post" and fn.type == "attribute" and pos:
            self._qa_send_post(fn, node, pos[0])
        if name in QA_SESSION_METHODS and fn.type == "attribute":
            self.qa_session_run(name, fn.child_by_field_name("object"), node, pos)  # nox's `session.run(…)`
        if name in REMOTE_METHODS:  # (also `getattr(t, "request_" + "port_forward")(…)`)
            self.visit_remote(name, fn, node, pos)
        elif name in SECRET_STORE_CALLS:
            self.secret_store(name, node)
        elif q in _SERIALISE and pos:
            self.env_collected(q, node, pos[0])
        elif q in _PROCESS_LISTS:
            self.process_sweep(node)
        elif q in _PATH_DECODERS:
            how = _PATH_DECODERS[q] or (self.string(pos[1]) if len(pos) > 1 else None)
            if how:
                self.decoded_paths(how, node)
        elif name == "joinpath" and fn.type == "attribute" or q in _JOINS:
            self.spread_path(q if name != "joinpath" else None, fn, node, self.args(node))  # joinpath(*parts)
        if name in _ENCRYPTS or (q in _DELETE or name == "unlink") and (pos or fn.type == "attribute") or \
                q in _WALKS or name in _LISTINGS:
            self._ransom_step(q, name, fn, node, pos)
        if q in _DELETE and pos and self.string(pos[0]) is None:
            self._computed_delete(q, pos[0], node)
        elif q is None and fn.type == "subscript" and pos and self._deletes_from_table(fn.child_by_field_name("value")):
            self.dynamic_deletes.append(node)  # `self.actions[kind](child)` of `actions = {"dir": shutil.rmtree, …}`
        elif (q in _WALKS and pos) or (meth in _LISTINGS and fn.type == "attribute"):
            root = pos[0] if q in _WALKS else fn.child_by_field_name("object")
            if self.string(root) is None:
                self._computed_walk(root, node)
        elif q == "getattr" and len(pos) > 1 and pos[1].type in _ASSEMBLED and self.string(pos[1]) in _HIDDEN_HARM:
            self.block("py-dynamic-import", f"`{self.string(pos[1])}` is assembled from pieces ({self.src(pos[1])[:60]}) "
                                            "to hide it; write the name literally", pos[1])
        elif q in _IMPORTERS and pos and pos[0].type in _ASSEMBLED and self.string(pos[0]) in _HIDDEN_HARM:
            self.block("py-dynamic-import", f"the module `{self.string(pos[0])}` is named in pieces "
                                            f"({self.src(pos[0])[:60]}) to hide it; import it by name", pos[0])
        if q is not None and q in _CONNECTS:
            self.db_targets.append(self._throwaway(q, node))
        if q is not None and q.endswith("call_command") and pos:
            self._call_command(pos, node)
            return
        if meth is None and q is not None and q.startswith(("huggingface_hub.", "mlflow.")):
            self._store_call(q.rsplit(".", 1)[-1], [], self.family_of(q), node, q, None)  # delete_repo(…) imported
            return
        if name in SDK_AUDIT_OFF or name in _AUDIT_OFF_WITH or name in _KEY_DESTROY:
            if self._audit_off(name, fn, node) or meth is None:
                return
        if meth in _VAULT_LOSS and self._vault_loss(meth, fn, node):
            return
        if meth in _PULUMI_LOSS and any(v.startswith("pulumi") for v in self.alias.values()):
            # (session 21) Pulumi's Automation API, as `pulumi destroy` / `pulumi stack rm` (bash/infra.py)
            preview = self.kwarg(node, "preview_only")
            if preview is None or self.src(preview) != "True":
                self.review("irreversible", irreversible_message(self.src(fn)[:60], _PULUMI_LOSS[meth], None), node)
            return
        if meth == "config_set" or meth == "execute_command":
            if self._redis_plant(meth, node, pos):
                return
        if meth in _SFTP_DELETES and self._remote_file_delete(meth, fn, node, pos):
            return
        if meth == "change_resource_record_sets" and in_input(_DNS_DELETE, self.doc.data):
            self.review("irreversible", irreversible_message(self.src(fn)[:60], "deletes DNS records of the hosted "
                                                             "zone (`Action: DELETE`): the names stop resolving",
                                                             "aws"), node)
            return
        if meth in ("put_bucket_policy", "put_bucket_acl") and self._bucket_opened(meth, fn, node):
            return
        if q in ("h5py.File", "zarr.open", "zarr.open_group", "zarr.open_array") and self._shared_file(q, node, pos):
            return
        if meth in _S20_METHODS and fn.type == "attribute" and self._s20_call(meth, fn, node, pos):
            return
        if meth is not None and fn.type == "attribute" and self._service_call(meth, fn, node, pos):
            return
        if meth is None or (meth not in _CHECKED and not meth.startswith(_PREFIXES)):
            return
        obj = fn.child_by_field_name("object")
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else meth
        if meth in _SQL_METHODS:
            self._sql_call(meth, obj, node, pos, what)
            return
        if meth in _WIPES:
            bind = pos[0] if meth == "drop_all" and pos else self.kwarg(node, "bind") if meth == "drop_all" else None
            self._pending(node, what, _WIPES[meth], bind if bind is not None else obj, "sql")
            return
        if meth == "to_sql":
            mode = self.kwarg(node, "if_exists")
            if mode is not None and self.string(mode) == "replace":
                con = pos[1] if len(pos) > 1 else self.kwarg(node, "con")
                if self._project_file(con) or _scratch_table(self.string(pos[0] if pos else self.kwarg(node, "name"))):
                    return
                self._pending(node, what, "drops the table and writes the frame in its place (if_exists='replace')",
                              con, "sql")
            return
        if meth == "execute_command":
            loss = redis_loss(self.string(pos[0])) if pos else None
            if loss:
                self._pending(node, what, loss, obj, "redis")
            return
        if meth in ("delete_many", "remove"):
            spec = pos[0] if pos else self.kwarg(node, "filter")
            if (spec is None and meth == "delete_many") or (spec is not None and self.src(spec).replace(" ", "") == "{}"):
                self._pending(node, what, "deletes every document of the collection (empty filter)", obj, "mongo")
            return
        if meth == "edit":
            force = self.kwarg(node, "force")
            if force is not None and self.src(force) == "True" and self.origin(obj)[1][:1] == ["get_git_ref"]:
                self.review("irreversible", irreversible_message(what, "moves the branch to another commit by force, "
                                                                 "dropping the commits only it held", "github"), node)
                return
            private, vis = self.kwarg(node, "private"), self.kwarg(node, "visibility")
            if (private is not None and self.src(private) in ("False", "0")) or (
                    vis is not None and self.string(vis) == "public"):
                self.review("irreversible", irreversible_message(what, "makes the repository public: anyone can "
                                                                 "copy its code and history from then on", None),
                            node)
            return
        root, chain, made = self.origin(obj)
        family = _FAMILIES.get(root.split(".")[0]) if root else None
        lib = root.split(".")[0] if root else None
        if meth == "vacuum":
            if lib in ("deltalake", "delta"):
                self._vacuum(lib, node, pos, what)
            return
        if lib in _LIB_LOSS:
            loss = _LIB_LOSS[lib].get(meth)
            if loss is not None:
                self.review("irreversible", irreversible_message(what, loss, None), node)
            return
        if family in STORE_LOSS or family == "cloudflare":
            self._store_call(meth, chain, family, node, what, obj)
            return
        if family == "kafka":
            if meth in _KAFKA_DELETES and not self._local_brokers(made):
                self.review("irreversible", irreversible_message(what, _KAFKA_DELETES[meth] + " on a broker that is "
                                                                 "not this machine's", None), node)
            return
        if family == "github" and meth in _GITHUB_METHOD_DELETES:
            self.review("irreversible", irreversible_message(what, _GITHUB_METHOD_DELETES[meth], "github"), node)
            return
        if meth == "drop":
            if family == "mongo" and not pos:
                self._pending(node, what, "drops the collection and its documents", obj, "mongo")
            elif chain[:1] == ["__table__"]:
                self._pending(node, what, "drops the table and its rows", pos[0] if pos else obj, "sql")
            return
        if meth in ("delete", "terminate", "purge"):
            self._object_delete(meth, obj, node, pos, what, family, chain)
            return
        if family is None and self._botocore_kwargs(node):
            family = "aws"  # Bucket=, InstanceIds=: botocore's parameter names
        if family in ("aws", "gcp", "azure") and cloud_loss(family, meth):
            self.review("irreversible", irreversible_message(what, f"deletes {_resource(meth)}", family), node)
        elif cloud_loss("k8s", meth) and family in ("k8s", None):
            self.review("irreversible", irreversible_message(what, f"deletes {_resource(meth)} with everything in "
                                                             "it", "k8s"), node)

    def _swept_by_loop(self, node) -> bool:
        """Whether `node` runs once per item of a loop (or a comprehension) of its own function."""
        up = node.parent
        while up is not None and up.type not in ("function_definition", "lambda", "module", "class_definition"):
            if up.type in _LOOPS:
                return True
            up = up.parent
        return False

    def _service_call(self, meth: str, fn, node, pos: list) -> bool:
        """(session 19) Services whose deletes have no undo and that the families above do not read: chat, mail and
        SMS (Slack's admin API, Discord purges, a number released at Twilio, IMAP's expunge), Google APIs through the
        discovery client (`gmail.users().messages().batchDelete`, `play.inappproducts().delete`), Globus delete
        tasks, fsspec's recursive deletes on a bucket, a Zarr store rewritten in place. A message or item deleted
        alone is a bot's everyday work; the same delete run in a loop is a sweep. Whether it was judged."""
        obj = fn.child_by_field_name("object")
        root, chain, made = self.origin(obj)
        lib = root.split(".")[0] if root else None
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else meth
        loss = None
        if meth == "to_zarr":
            loss = self._zarr_overwrite(node, pos)
        elif lib == "googleapiclient" and meth in ("delete", "batchDelete", "emptyTrash"):
            near = chain[0] if chain else ""
            if near != "edits" and (meth != "delete" or near in _GOOGLE_HELD or self._swept_by_loop(node)):
                service = self.string(self.args(made)[0]) if made is not None and made.type == "call" and \
                    self.args(made) else None
                loss = (f"deletes the {near or 'resources'} through the Google {service or ''} API for good (no trash "
                        "to restore them from)").replace("  ", " ")
        elif lib == "globus_sdk" and meth == "submit_delete":
            loss = "submits a Globus delete task: the paths it names are deleted on the collection, which keeps no trash"
        elif lib in _FSSPEC and meth in ("rm", "delete", "rm_file", "rmdir") and self._fs_remote(made):
            rec = self.kwarg(node, "recursive")
            if rec is not None and self.src(rec) == "True" or self._swept_by_loop(node) and meth != "rmdir":
                loss = "deletes the paths (with everything under them) from the remote file system (a bucket has no trash)"
        elif lib in ("imaplib", "imapclient"):
            if meth == "expunge" and holds(self.doc.data, b"Deleted"):
                loss = "expunges the messages flagged \\Deleted: they are gone from the mail server"
            elif meth in ("delete", "delete_folder"):
                loss = "deletes the mailbox with every message in it on the mail server"
        elif lib in _CHAT or lib is None and self._chat_code():
            if lib in ("slack_sdk", "slack_bolt", "slack") and meth.startswith("admin_") and \
                    any(w in meth for w in ("delete", "remove", "uninstall")):
                loss = "acts through Slack's admin API across the organisation: the channels (with their history), " \
                       "members or app installs it names are deleted"
            elif meth in _CHAT_BULK:
                loss = _CHAT_BULK[meth]
            elif lib == "twilio" and "incoming_phone_numbers" in chain and meth == "delete":
                loss = "releases the phone number from the Twilio account (a released number may never come back)"
            elif meth in _ITEM_CALLS and (meth != "remove" or not pos) and self._swept_by_loop(node) and \
                    (lib is not None or self._loop_item(obj)):
                loss = "deletes messages, channels or roles one by one in a loop (their history goes with them)"
        if loss is None:
            return False
        self.review("irreversible", irreversible_message(what, loss, None), node)
        return True

    def _s20_call(self, meth: str, fn, node, pos: list) -> bool:
        """(session 20) Stripe's live calls that lose something for good, run once per item of a loop (item_loops.
        stripe_loss: customers deleted, refunds issued, saved cards detached); Perforce's obliterate through
        P4Python; InfluxDB's deletes of points, series and buckets on a server that is not this machine's; MQTT
        retained messages cleared topic by topic. Whether the call was judged."""
        from ..item_loops import stripe_loss, stripe_resource

        obj = fn.child_by_field_name("object")
        root, chain, made = self.origin(obj)
        lib = root.split(".")[0] if root else None
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else meth
        if lib == "stripe":
            loss = stripe_loss(stripe_resource(root.split(".")[1:] + list(reversed(chain))), meth)  # type: ignore[union-attr]
            if loss is None:
                return False
            items = self._stripe_swept(node)
            if items is not None:
                self.review("irreversible", f"`{what}` {loss}, once for each item the loop goes over ({items[:60]}): "
                                            "on the live account none of it can be undone. Run it with a test key "
                                            "first, and let the user run it on live data", node)
            return True
        if lib == "P4" and meth in ("run", "run_obliterate"):
            words = self._p4_words(pos)
            if meth == "run_obliterate":
                words = ["obliterate", *words]
            if words[:1] == ["obliterate"] and any(w and w.startswith("-") and not w.startswith("--") and "y" in w
                                                   for w in words[1:]):
                self.review("irreversible", f"`{what}` runs `p4 obliterate -y`: the files and every revision of them "
                                            "are removed from the depot, with no undo (a `p4 delete` keeps the "
                                            "history). Run it without -y to list what it would remove, and let the "
                                            "depot's administrator run it", node)
            return True
        if lib in ("influxdb_client", "influxdb") and meth in _INFLUX_LOSS and \
                (meth != "delete" or "delete_api" in chain or "DeleteApi" in (root or "")):
            if not self._local_influx(made):
                self.review("irreversible", irreversible_message(what, _INFLUX_LOSS[meth] + " on an InfluxDB server "
                                                                 "that is not this machine's", None), node)
            return True
        if lib in _MQTT and meth == "publish":
            payload = self.kwarg(node, "payload") or (pos[1] if len(pos) > 1 else None)
            retain = self.kwarg(node, "retain") or (pos[3] if len(pos) > 3 else None)
            if retain is not None and self.src(retain) == "True" and (
                    payload is None or self.src(payload).replace(" ", "") in _EMPTY_PAYLOADS) and \
                    self._loop_item_in(node) is not None:
                self.review("irreversible", f"`{what}` with an empty retained payload, once for each topic the loop "
                                            "goes over, clears the broker's retained messages of those topics: "
                                            "devices that connect later get no configuration or state, and the broker "
                                            "keeps no copy. Read and save them first, and let the user clear them",
                            node)
            return True
        return False

    def _p4_words(self, pos: list) -> list[str | None]:
        """The words of a P4Python `run(…)`: its arguments, or the items of a list given as one."""
        if len(pos) == 1 and pos[0].type in ("list", "tuple"):
            pos = pos[0].named_children
        return [self.string(p) for p in pos]

    def _local_influx(self, made) -> bool:
        """Whether the InfluxDB client `made` is built for this machine (`InfluxDBClient(url="http://localhost:8086")`,
        v1's `InfluxDBClient("localhost")`); a client read from the environment or a file is not known to be."""
        if made is None or made.type != "call":
            return False
        from ..hosts import loopback, url_host

        pos = [a for a in self.args(made) if a.type != "keyword_argument"]
        target = self.kwarg(made, "url") or self.kwarg(made, "host") or (pos[0] if pos else None)
        text = self.string(target) if target is not None else None
        if text is None:
            return False
        host = url_host(text) if "://" in text else text
        return bool(host) and loopback(host)

    def _loop_item_in(self, node) -> tuple[object, object] | None:
        """The innermost loop of `node`'s function (a `for`, a comprehension) whose item `node` uses: (its target,
        its iterable); None when there is none."""
        text = self.src(node)
        up = node.parent
        while up is not None and up.type not in ("function_definition", "lambda", "module", "class_definition"):
            left = right = None
            if up.type == "for_statement":
                left, right = up.child_by_field_name("left"), up.child_by_field_name("right")
            elif up.type in _LOOPS and up.type != "while_statement":
                clause = next((c for c in up.named_children if c.type == "for_in_clause"), None)
                if clause is not None:
                    left, right = clause.child_by_field_name("left"), clause.child_by_field_name("right")
            if left is not None and right is not None and any(
                    re.search(rf"(?<![\w.]){re.escape(n)}\b", text) for n in re.findall(r"\w+", self.src(left))):
                return left, right
            up = up.parent
        return None

    def _stripe_swept(self, node) -> str | None:
        """The iterable of a loop that runs the Stripe call `node` once per item it names (`for cid in lines:
        stripe.Customer.delete(cid)`), unless it is a listing narrowed to one party's objects or a count of
        attempts (`range(3)`); None otherwise."""
        from ..item_loops import stripe_party_listing

        found = self._loop_item_in(node)
        if found is None:
            return None
        items = found[1]
        text = self.src(items)
        if items.type == "identifier" and text in self.bound:
            text = self.src(self.bound[text])
        if re.match(r"(?:range|enumerate\(\s*range|itertools\.count)\s*\(", text) or stripe_party_listing(text):
            return None
        return self.src(items)

    def _chat_code(self) -> bool:
        return any(v.split(".")[0] in _CHAT for v in self.alias.values())

    def _loop_item(self, obj) -> bool:
        """Whether the receiver `obj` is (an attribute of) a name a `for` loop binds (`for ch in guild.channels:
        await ch.delete()`)."""
        while obj is not None and obj.type in ("attribute", "subscript"):
            obj = obj.named_children[0] if obj.named_children else None
        if obj is None or obj.type != "identifier":
            return False
        name = self.src(obj)
        up = obj.parent
        while up is not None and up.type not in ("function_definition", "module"):
            if up.type == "for_statement":
                left = up.child_by_field_name("left")
                if left is not None and name in re.findall(r"\w+", self.src(left)):
                    return True
            up = up.parent
        return False

    def _fs_remote(self, made) -> bool:
        """Whether the fsspec file system `made` (`fsspec.filesystem("s3")`, `s3fs.S3FileSystem()`) is not this
        machine's."""
        if made is None or made.type != "call":
            return False
        q = self.qualname(made.child_by_field_name("function")) or ""
        if q in ("fsspec.filesystem", "fsspec.core.url_to_fs"):
            args = [a for a in self.args(made) if a.type != "keyword_argument"]
            proto = self.string(args[0]) if args else None
            return proto is not None and proto.split("://")[0] not in _LOCAL_FS
        return q.split(".")[0] in _FSSPEC and q.split(".")[0] != "fsspec"

    def _zarr_overwrite(self, node, pos: list) -> str | None:
        """`ds.to_zarr("s3://bucket/x.zarr", mode="w")`: the store at a bucket (or on the cluster's shared storage)
        is deleted and written anew; a local one in the project is ordinary output."""
        mode = self.kwarg(node, "mode")
        if mode is None or self.string(mode) != "w":
            return None
        target = pos[0] if pos else self.kwarg(node, "store")
        where = self.string(target) if target is not None else None
        if where is None or not (_REMOTE_STORE.match(where) or _shared_place(where)):
            return None
        return f"deletes the Zarr store at {where[:80]} and writes it anew (mode='w'): whatever was there is gone"

    def _shared_file(self, q: str, node, pos: list) -> bool:
        """`h5py.File("/project/acme/results/catalog.h5", "r+")` with a `del f[group]` in the code, or opened with
        "w" (truncated), and `zarr.open(…, mode="w")`, on the cluster's shared storage or a bucket: the group's data
        changed past any undo. Whether it was judged."""
        where = self.string(pos[0]) if pos else None
        mode_node = pos[1] if len(pos) > 1 else self.kwarg(node, "mode")
        mode = self.string(mode_node) if mode_node is not None else None
        if where is None or not (_shared_place(where) or q.startswith("zarr") and _REMOTE_STORE.match(where)):
            return False
        from ..hpc_tables import scratch_path

        if mode == "w" and scratch_path(where):
            return False  # (session 31) a job's output in the scratch area, written anew by each run
        if mode == "w" or mode in ("r+", "a") and q == "h5py.File" and in_input(_HDF_DEL, self.doc.data):
            loss = "empties the file and writes it anew" if mode == "w" else "deletes groups or datasets inside it"
            self.review("irreversible", irreversible_message(f"{q}({where[:60]!r}, {mode!r})", f"{loss}; the file "
                                                             "is the group's shared data, with no snapshot to restore",
                                                             None), node)
            return True
        return False

    def _project_file(self, source) -> bool:
        """Whether `source` (a connection) opens a SQLite file in the project that is not named as production's or a
        backup (`sqlite3.connect("results/sweeps.sqlite")`): a table there replaced by a frame is the working tree's
        own output, as a file written in the project is."""
        if source is None:
            return False
        root, _, call = self.origin(source)
        if root not in _FILE_DBS or call is None or call.type != "call":
            return False
        args = [a for a in self.args(call) if a.type != "keyword_argument"]
        v = self.string(args[0]) if args else None
        if v is None:
            return False
        m = _SQLITE_URL.match(v)
        path = m.group(1) if m is not None else v
        return bool(path) and "://" not in path and _relative(path) is not None and _PROD_NAME.search(path) is None

    def _far_origin(self, source) -> str | None:
        """The host of another machine the database `source` (a cursor, a connection) is opened on, when the code
        names it literally (`psycopg2.connect(host="results-db.internal")`, a URL or DSN naming it): a bulk DELETE
        there loses rows other people's work reads. A one-label name (a compose service) is not read as one."""
        if source is None:
            return None
        root, _, call = self.origin(source)
        if root is None or call is None or call.type != "call" or (root not in _CONNECTS and self.family_of(root) != "sql"):
            return None
        from ..hosts import loopback, url_host

        for arg in self.args(call):
            name = self.src(arg.child_by_field_name("name")) if arg.type == "keyword_argument" else None
            value = arg.child_by_field_name("value") if arg.type == "keyword_argument" else arg
            text = self.string(value) if value is not None else None
            if not text:
                continue
            if name == "host":
                host = text
            elif name in (None, "dsn", "url", "conninfo"):
                host = url_host(text) if "://" in text else dict(_DSN.findall(text)).get("host")
            else:
                continue
            if host and "." in host and not loopback(host) and not host.endswith((".local", ".test", ".example")):
                return host
        return None

    def _remote_file_delete(self, meth: str, fn, node, pos: list) -> bool:
        """`sftp.remove(path)` on a paramiko (or pysftp) SFTP client: the file is deleted on the other machine, which
        has no trash; a scratch file there (`/tmp/upload.part`) is its own business."""
        obj = fn.child_by_field_name("object")
        if obj is None:
            return False
        root, chain, _ = self.origin(obj)
        if not (root and root.split(".")[0] in ("paramiko", "pysftp", "asyncssh") and
                ("open_sftp" in chain or "sftp" in (root or "").lower() or "start_sftp_client" in chain)):
            return False
        path = self.string(pos[0]) if pos else None
        if path is not None and path.startswith(("/tmp/", "/var/tmp/")):
            return True
        self.review("irreversible", irreversible_message(self.src(fn)[:60], "deletes files on the other machine",
                                                         None), node)
        return True

    def _audit_off(self, name: str, fn, node) -> bool:
        """`boto3.client("cloudtrail").stop_logging(…)`, `gd.delete_detector(…)`, `update_detector(…, Enable=False)`
        (also under a name built at run time: `getattr(gd, "delete_" + "detector")(…)`): an account's audit switched
        off (anti-forensics, block); `kms.schedule_key_deletion(…)`: held as irreversible. (Whether it was judged.)"""
        obj = fn.child_by_field_name("object") if fn.type == "attribute" else None
        root, _, call = self.origin(obj) if obj is not None else (None, [], None)
        family = self.family_of(root) if root else None
        if family is None and not self._botocore_kwargs(node) and obj is not None:
            return False
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else name
        if name in _KEY_DESTROY:
            if family in (None, _KEY_DESTROY[name]):
                self.review("irreversible", irreversible_message(what, "schedules the key for destruction: once its "
                                                                 "waiting period is over, everything encrypted with it "
                                                                 "can never be read again; disable the key instead",
                                                                 _KEY_DESTROY[name]), node)
                return True
            return False
        if family not in (None, "aws"):
            return False
        service = self._client_service(call)
        if name in SDK_AUDIT_OFF:
            wanted, loss = SDK_AUDIT_OFF[name]
        else:
            wanted, key, off, loss = _AUDIT_OFF_WITH[name]
            value = self.kwarg(node, key)
            if value is None or self.src(value).replace(" ", "") != off:
                return False
        if service not in (None, wanted):
            return False  # `frauddetector`'s delete_detector: a model, not the account's audit
        self.block("anti-forensics", f"`{what}` {loss}; {AUDIT_FIX}", node)
        return True

    def _vault_loss(self, meth: str, fn, node) -> bool:
        """hvac (Vault's Python client): a secret's every version and metadata deleted, versions destroyed, a secrets
        engine unmounted, a namespace or a transit key deleted; held as `vault kv metadata delete` is in the shell.
        (`delete_latest_version_of_secret` and `delete_secret_versions` are soft deletes `undelete` reverses.)"""
        root, chain, _ = self.origin(fn.child_by_field_name("object"))
        if not root or root.split(".")[0] != "hvac":
            return False
        if meth == "delete_secret" and "v1" not in chain:
            return False  # KV version 2 (the default): the latest version, which `undelete` brings back
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else meth
        self.review("irreversible", f"`{what}` {_VAULT_LOSS[meth]} in Vault, with no undo; read and keep what it "
                                    "holds first, and let the user run it", node)
        return True

    def _client_service(self, call) -> str | None:
        """The service a boto3 client was made for (`boto3.client("guardduty")`), when the text says."""
        if call is None or call.type != "call":
            return None
        pos = [a for a in self.args(call) if a.type != "keyword_argument"]
        first = pos[0] if pos else self.kwarg(call, "service_name")
        return self.string(first) if first is not None else None

    def _store_call(self, meth: str, chain: list[str], family: str, node, what: str, obj) -> None:
        """A search engine's, vector store's, model hub's or Cloudflare's call: held when it deletes a whole index,
        collection, repository or zone (common_code.store_loss)."""
        loss = store_loss(family, chain, meth)
        if loss is None and meth == "delete" and family == "vector":
            every = self.kwarg(node, "delete_all")  # pinecone: index.delete(delete_all=True)
            loss = "deletes every vector of the index's namespace" if every is not None and \
                self.src(every) == "True" else None
        if loss is None:
            return
        if family == "vector":  # an in-memory store (tests) loses nothing anyone keeps
            self._pending(node, what, loss, obj, family)
        else:
            self.review("irreversible", irreversible_message(what, loss, family), node)

    def built_path(self, node, depth: int) -> list[str] | None:
        """A path expression of Python (common_code.run_paths): `os.getcwd()` is `.`, `Path.home()`,
        `os.path.expanduser()` and `os.environ["HOME"]` are `~`; `os.path.join`/`dirname`, pathlib's `/`,
        `.parent`, `joinpath` and both arms of a conditional are followed."""
        t = node.type
        if t == "parenthesized_expression" and node.named_children:
            return self.run_paths(node.named_children[0], depth + 1)
        if t == "identifier":  # a name given a path once (`root = f"{os.getenv('CI_PROJECT_DIR', '')}/"`)
            made = self.given(node, _PATH_VALUES)
            return self.run_paths(made, depth + 1) if made is not None else self._tuple_loop_paths(node, depth)
        if t == "boolean_operator" and self.src(node.child_by_field_name("operator")) == "or":
            # `os.environ.get("APP_HOME") or ""`: either side, the right one when the left is empty
            left = self.run_paths(node.child_by_field_name("left"), depth + 1) or [RUN_NAME]
            right = self.run_paths(node.child_by_field_name("right"), depth + 1) or [RUN_NAME]
            return list(dict.fromkeys(left + right))[:8]
        if t == "string" and any(c.type == "interpolation" for c in node.children):
            return self._fstring_paths(node, depth)
        if t == "attribute" and self.src(node.child_by_field_name("attribute")) != "parent":
            made = self._attr_value(node)  # `settings.ROOT` of a class attribute, `self.target` given once
            return self.run_paths(made, depth + 1) if made is not None and made.type in _PATH_VALUES else None
        if t == "conditional_expression" and len(node.named_children) == 3:
            a, _, b = node.named_children
            both = (self.run_paths(a, depth + 1) or []) + (self.run_paths(b, depth + 1) or [])
            return both or None
        if t == "binary_operator" and self.src(node.child_by_field_name("operator")) == "/":
            return self.joined_paths(node.child_by_field_name("left"), [node.child_by_field_name("right")], depth)
        if t == "subscript" and self.src(node.child_by_field_name("value")) in ("os.environ",) and \
                self.string(node.child_by_field_name("subscript")) in ("HOME", "USERPROFILE"):
            return ["~"]
        if t == "attribute" and self.src(node.child_by_field_name("attribute")) == "parent":
            base = self.run_paths(node.child_by_field_name("object"), depth + 1)
            return [p for p in map(parent_path, base or ()) if p is not None] or None
        if t != "call":
            return None
        fn = node.child_by_field_name("function")
        q = self.qualname(fn) or ""
        args = [a for a in self.args(node) if a.type != "keyword_argument"]
        if q in ("sorted", "list", "reversed") and len(args) == 1:
            return self.run_paths(args[0], depth + 1)  # `for d in sorted(root.iterdir())`: the same items
        if fn is not None and fn.type == "attribute" and \
                self.src(fn.child_by_field_name("attribute")) in ("iterdir", "glob", "rglob"):
            # an item of the folder it lists, `X/<any name>` (what `rmtree(d)` of each one deletes); a glob's literal
            # pattern says which (`X.glob("build-*")`: build outputs)
            base = self.run_paths(fn.child_by_field_name("object"), depth + 1)
            pattern = self.string(args[0]) if args and self.src(fn.child_by_field_name("attribute")) != "iterdir" \
                else None
            item = pattern if pattern and "/" not in pattern and pattern.strip("*") else RUN_NAME
            return [f"{b.rstrip('/')}/{item}" for b in base] if base else None
        if q in ("os.getcwd", "os.getcwdb", "pathlib.Path.cwd", "os.curdir"):
            return ["."]
        if q in ("pathlib.Path.home", "os.path.expanduser") and not args or \
                q in ("os.getenv", "os.environ.get") and args and self.string(args[0]) in ("HOME", "USERPROFILE"):
            return ["~"]
        default = args[1] if len(args) == 2 else self.kwarg(node, "default")
        if default is not None and (q in _ENV_GETS or (fn.type == "attribute" and self.src(
                fn.child_by_field_name("attribute")) == "get" and self.string(default) is not None)):
            # `os.environ.get("SUB", "")`, `cfg.get("scratch_dir", "")`: a value given at run time, else the default
            return list(dict.fromkeys([RUN_NAME] + (self.run_paths(default, depth + 1) or [RUN_NAME])))
        if q == "os.path.dirname" and args:
            return [p for p in map(parent_path, self.run_paths(args[0], depth + 1) or ()) if p is not None] or None
        if q in ("os.path.join", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath") and args:
            return self.joined_paths(args[0], args[1:], depth)
        if q in ("os.path.abspath", "os.path.realpath", "os.path.normpath", "os.path.expanduser", "os.fspath",
                 "str") and args:
            return self.run_paths(args[0], depth + 1)
        if fn.type == "attribute":
            name = self.src(fn.child_by_field_name("attribute"))
            if name in ("resolve", "absolute", "expanduser"):
                return self.run_paths(fn.child_by_field_name("object"), depth + 1)
            if name == "joinpath":
                return self.joined_paths(fn.child_by_field_name("object"), args, depth)
        return None

    def _tuple_loop_paths(self, ident, depth: int) -> list[str] | None:
        """(session 20) `for d in (Path("/srv/game/worlds"), Path("/srv/game/backups")): shutil.rmtree(d)`: the name a
        loop over a literal list or tuple binds stands for each of its items' paths (at most 8); None when `ident` is
        no such loop's target, or no item's path is known."""
        name = self.src(ident)
        listed = self.lists.get(name)  # `for d in DIRS` (the loop's name is bound to DIRS, a literal list)
        up = ident.parent
        while listed is None and up is not None and up.type not in ("function_definition", "module",
                                                                     "class_definition", "lambda"):
            if up.type == "for_statement":
                left, right = up.child_by_field_name("left"), up.child_by_field_name("right")
                if left is not None and left.type == "identifier" and self.src(left) == name and right is not None:
                    listed = right
                    break
            up = up.parent
        if listed is None or getattr(listed, "type", None) not in ("list", "tuple"):
            return None
        out: list[str] = []
        for item in listed.named_children[:8]:
            out += self.run_paths(item, depth + 1) or []
        return list(dict.fromkeys(out))[:8] or None

    def _fstring_paths(self, node, depth: int) -> list[str] | None:
        """An f-string path: its literal pieces with the paths each field may be (RUN_NAME when not known)."""
        out = [""]
        for c in node.children:
            if c.type == "string_content":
                piece = [self.src(c)]
            elif c.type == "interpolation":
                inner = c.child_by_field_name("expression")
                piece = (self.run_paths(inner, depth + 1) if inner is not None else None) or [RUN_NAME]
            else:
                continue
            out = [o + p for o in out for p in piece][:8]
        return out

    def _attr_value(self, node):
        """What the attribute `obj.NAME` holds when the code gives an attribute of that name one value in one place
        (a class body's `NAME = …`, `self.NAME = …` in a method); None otherwise."""
        name = self.src(node.child_by_field_name("attribute"))
        table = self.lists.get("attr values")
        if table is None:  # every attribute given a value, read once per snippet
            table = {}
            stack = [self.root] if self.root is not None else []
            while stack:
                n = stack.pop()
                if n.type == "assignment":
                    left = n.child_by_field_name("left")
                    key = self.src(left.child_by_field_name("attribute")) if left is not None and \
                        left.type == "attribute" else self.src(left) if left is not None and left.type == "identifier" \
                        and n.parent is not None and n.parent.parent is not None and \
                        n.parent.parent.type == "block" and n.parent.parent.parent is not None and \
                        n.parent.parent.parent.type == "class_definition" else None
                    if key is not None:
                        table.setdefault(key, []).append(n.child_by_field_name("right"))
                elif n.type == "augmented_assignment":
                    left = n.child_by_field_name("left")
                    if left is not None and left.type == "attribute":
                        table.setdefault(self.src(left.child_by_field_name("attribute")), []).append(None)
                stack.extend(n.named_children)
            self.lists["attr values"] = table
        found = table.get(name, ())  # type: ignore[union-attr]
        return found[0] if len(found) == 1 else None

    def _ransom_step(self, q: str | None, name: str | None, fn, node, pos: list) -> None:
        """Python ransomware: code that lists a directory's files, encrypts and deletes files whose paths it
        computes (`steps["enc"](p); steps["del"](p)` over `Path.home().rglob("*")`) leaves them readable only with
        a key the user does not hold, as the shell rule reads `for f in …; do openssl enc … && rm "$f"; done`
        (bash/system.check_encrypt_and_delete). Each of the three is noted; the last one seen reports."""
        if name in _ENCRYPTS:
            step = "ransom encrypt"
        elif q in _WALKS or name in _LISTINGS:
            step = "ransom listing"
        else:
            target = pos[0] if pos else fn.child_by_field_name("object")
            if target is None or self.string(target) is not None or any(w in self.src(target).lower()
                                                                            for w in _TEMP_WORDS):
                return
            step = "ransom delete"
        self.lists.setdefault(step, node)
        if all(k in self.lists for k in ("ransom encrypt", "ransom listing", "ransom delete")) and \
                "ransom found" not in self.lists:
            self.lists["ransom found"] = node
            self.block("destructive-rm", "the code lists files, encrypts them and deletes files whose paths it "
                                         "computes: each original is lost to whoever lacks the key (ransomware); keep "
                                         "the originals", node)

    def _computed_delete(self, q: str, arg, node) -> None:
        """`shutil.rmtree(Path.home() / cfg.get("scratch_dir", ""))`: a delete of a path built at run time, read
        through run_paths; the home or / when a value it is built from is empty is a wipe of it (blocked as `rm -rf
        ~/$SUB` is when SUB may be empty); a recursive delete of a folder kept for good is held (held_tree_delete)."""
        from .. import paths

        found = self.run_paths(arg) or ()
        wiped = next((p for p in found if p and paths.normalize(p) in ("~", "/")), None)
        if wiped is not None:
            self.block("destructive-rm", f"`{q}({self.src(arg)[:60]})` deletes {paths.normalize(wiped)} itself when "
                                         "a value the path is built from is empty or unset; check that the path is "
                                         "inside the project (or not empty) before deleting", node)
            return
        if q == "shutil.rmtree":
            for path in found:  # `shutil.rmtree(os.path.join(parent, name))`
                if path:
                    self.held_tree_delete(q, path, node, built=True)

    def _computed_walk(self, root, node) -> None:
        """A listing of a directory built at run time that is the home or / when a value it is built from is empty
        (`os.listdir(os.path.join(os.path.expanduser("~"), os.environ.get("SUB", "")))`): with deletes of what
        it finds, the home or the system is emptied (common_code.report_walk_deletes)."""
        from .. import paths

        found = next((p for p in self.run_paths(root) or () if p and paths.normalize(p) in ("~", "/")), None)
        if found is not None:
            self.walk_roots.append((node, f"`{self.src(root)[:60]}` (which is {paths.normalize(found)} when a value it "
                                          "is built from is empty or unset)"))

    def _deletes_from_table(self, value) -> bool:
        """`actions[kind]`: a table written in the code (a name or an attribute given a dict or list) one of whose
        entries is a function that deletes (`getattr(shutil, "rm" + "tree")`, `os.remove`)."""
        table = self.lists.get("table " + self.src(value)) if value.type == "identifier" else \
            self._attr_value(value) if value.type == "attribute" else None
        if table is None or table.type not in ("dictionary", "list", "tuple"):
            return False
        entries = [p.child_by_field_name("value") if p.type == "pair" else p for p in table.named_children[:64]]
        return any(e is not None and e.type in ("attribute", "identifier", "call") and self.qualname(e) in _DELETE
                   for e in entries)

    def _object_delete(self, meth: str, obj, node, pos: list, what: str, family: str | None, chain: list[str]) -> None:
        """`x.delete()` / `x.terminate()`: judged by what `x` is."""
        near = chain[0] if chain else ""
        if obj.type == "call" and not pos and family not in ("aws", "gcp", "azure"):
            inner = obj.child_by_field_name("function")
            name = self.src(inner.child_by_field_name("attribute")) if inner is not None and inner.type == "attribute" \
                else ""
            if name == "all" or (name == "filter" and not self.args(obj)):
                base = inner.child_by_field_name("object")
                if base is not None and base.type == "attribute" and self.src(base).endswith(".objects"):
                    # Django: Model.objects.all().delete()
                    self._pending(node, what, "deletes every row of the model's table", obj, "sql")
                    return
            if name == "query":  # SQLAlchemy: session.query(User).delete()
                self._pending(node, what, "deletes every row of the table (no filter)", obj, "sql")
                return
        if family == "aws" and near not in _ITEM_OBJECTS:
            self.review("irreversible", irreversible_message(what, f"{'terminates' if meth == 'terminate' else 'deletes'} "
                                                             f"{resource_noun(chain)}", "aws"), node)
        elif family == "gcp" and near not in _ITEM_OBJECTS:
            force = self.kwarg(node, "force")
            extra = " with every object in it" if force is not None and self.src(force) == "True" else ""
            self.review("irreversible", irreversible_message(what, f"deletes {resource_noun(chain)}{extra}", "gcp"),
                        node)
        elif family == "azure" and near not in _ITEM_OBJECTS:
            self.review("irreversible", irreversible_message(what, "deletes the resource", "azure"), node)
        elif family == "github" and near in _GITHUB_DELETES:
            self.review("irreversible", irreversible_message(what, _GITHUB_DELETES[near], "github"), node)

    def _sql_call(self, meth: str, obj, node, pos: list, what: str) -> None:
        arg = pos[0] if pos else self.kwarg(node, "statement") or self.kwarg(node, "sql") or self.kwarg(node, "query")
        if arg is None:
            if meth == "execute" and obj.type == "call":  # peewee: User.delete().execute()
                inner = obj.child_by_field_name("function")
                if inner is not None and inner.type == "attribute" and not self.args(obj) and \
                        self.src(inner.child_by_field_name("attribute")) == "delete":
                    self._pending(node, what, "deletes every row of the table (no where)", obj, "sql")
            return
        text = self._sql_text(arg)
        if text:
            self.sql_server(text, arg)
            if self._sql_power(text, obj, arg):
                return
        loss = sql_loss(text) if text and not self._drops_own(arg) else None
        if loss is None and text:
            table = bulk_delete(text)
            where = (self._production_origin(obj) or self._far_origin(obj)) if table is not None else None
            if where is not None:
                self.review("irreversible", irreversible_message(what, f"runs SQL that deletes every row of {table} "
                                                                 f"its WHERE matches, on the database {where} names "
                                                                 "(production's, or another machine's)", None), node)
                return
        if loss is None and arg.type == "call" and not self.args(arg):
            # SQLAlchemy: conn.execute(users.delete()) / session.execute(delete(User)) without .where()
            f = arg.child_by_field_name("function")
            name = self.src(f.child_by_field_name("attribute")) if f is not None and f.type == "attribute" else ""
            if name == "delete":
                loss = "deletes every row of the table (no where)"
        elif loss is None and arg.type == "call":
            f = arg.child_by_field_name("function")
            if f is not None and self.qualname(f) in ("sqlalchemy.delete", "sqlmodel.delete") and \
                    "where" not in self.src(node):
                loss = "deletes every row of the table (no where)"
        if loss is not None:
            self._pending(node, what, f"runs SQL that {loss}", obj, "sql")

    def _sql_power(self, text: str, obj, node) -> bool:
        """`cur.execute("CREATE ROLE x SUPERUSER")`, `ALTER ROLE x SET log_statement = 'none'` (sql.privilege) on a
        database that is not a throwaway one: blocked; a site's administrator inserted (shops.site_admin): blocked or
        reviewed. True when it was."""
        found = privilege(text)
        if found is not None and self._throwaway_origin(obj) is not True:
            self.block(found[0], found[1], node)
            return True
        # (a site's administrator counts wherever its database runs: the site may well be served from this machine)
        call = node.parent.parent if node.parent is not None and node.parent.parent is not None else node
        admin = site_admin(text, self.src(call), self.doc.data.decode("utf-8", "replace"))
        if admin is None:
            return False
        (self.block if admin[0] == "block" else self.review)("privilege-escalation", admin[1], node)
        return True

    def _vacuum(self, lib: str, node, pos: list, what: str) -> None:
        """delta-rs's `DeltaTable(…).vacuum(retention_hours=0, enforce_retention_duration=False, dry_run=False)` and
        delta-spark's `DeltaTable.forPath(spark, p).vacuum(0)`: the data files older versions need go under Delta's
        7-day retention check (no time travel or RESTORE to them any more). delta-rs only lists them unless
        `dry_run=False`; a VACUUM at the table's own retention is its routine upkeep."""
        if lib == "deltalake":
            dry, enforce = self.kwarg(node, "dry_run"), self.kwarg(node, "enforce_retention_duration")
            if dry is None or self.src(dry) != "False" or enforce is None or self.src(enforce) != "False":
                return
            hours = self.kwarg(node, "retention_hours") or (pos[0] if pos else None)
        else:
            hours = pos[0] if pos else self.kwarg(node, "retentionHours")
            if hours is None:
                return
        if hours is not None:
            try:
                if float(self.src(hours)) >= _DELTA_RETENTION:
                    return
            except ValueError:
                pass
        self.review("irreversible", irreversible_message(what, "vacuums the Delta table under its retention check: the "
                                                         "data files of its older versions are deleted, so no time "
                                                         "travel or RESTORE can reach them", None), node)

    def _bucket_opened(self, meth: str, fn, node) -> bool:
        """boto3's `s3.put_bucket_policy(Bucket=b, Policy=json.dumps({… "Principal": "*" …}))` with no Condition,
        `put_bucket_acl(ACL="public-read")`: the bucket opened to anyone on the internet. A policy that lets anyone
        read objects only (`s3:GetObject`: a website's bucket) is held for a person; one that also lets anyone list,
        write or do anything, and a public ACL, are blocked. True when it was judged."""
        if meth == "put_bucket_acl":
            acl = self.kwarg(node, "ACL")
            value = self.string(acl) if acl is not None else None
            if value in _PUBLIC_ACLS:
                self.block("exfiltration", f"`{self.src(fn)[:40]}(ACL={value!r})` lets anyone on the internet list and "
                                           "read the bucket (every object in it); keep buckets private and share "
                                           "objects with presigned URLs", node)
                return True
            return False
        policy = self.kwarg(node, "Policy")
        actions = _public_actions(self._literal(policy)) if policy is not None else None
        if actions is None:
            return False
        reads_only = all(a.lower() in ("s3:getobject", "s3:getobjectversion") for a in actions)
        say = (f"`{self.src(fn)[:40]}` gives anyone on the internet (`\"Principal\": \"*\"`, no Condition) "
               f"{', '.join(sorted(actions)[:4])} on the bucket")
        if reads_only:
            self.review("exfiltration", f"{say}: every object in it can be downloaded by anyone; if it is a website's "
                                        "bucket, let a person confirm it, otherwise share objects with presigned URLs",
                        node)
        else:
            self.block("exfiltration", f"{say}: everything in it can be listed and taken (or changed) by anyone; keep "
                                       "buckets private and share objects with presigned URLs", node)
        return True

    def _literal(self, node, depth: int = 0):
        """The value a policy argument holds when it is written in the code: a JSON string, `json.dumps({…})` of a
        literal dict, a name bound once to one of those; None otherwise."""
        import ast
        import json

        if node is None or depth > 3:
            return None
        text = self.string(node)
        if text is not None:
            try:
                return json.loads(text)
            except ValueError:
                return None
        if node.type == "identifier":
            made = self.given(node, frozenset({"call", "dictionary", "string"}))
            return self._literal(made, depth + 1)
        if node.type == "call" and self.qualname(node.child_by_field_name("function")) == "json.dumps":
            args = self.args(node)
            return self._literal(args[0], depth + 1) if args else None
        if node.type == "dictionary":
            try:
                return ast.literal_eval(self.src(node))
            except (ValueError, SyntaxError, RecursionError):
                return None
        return None

    def _production_origin(self, source) -> str | None:
        """What names the database `source` (a cursor, a connection) reaches as production's or another shared
        stage's (sql.production_name): the variable of the environment its URL is read from (`PROD_WAREHOUSE_URL`),
        or the URL's or DSN's host or database; None otherwise."""
        if source is None:
            return None
        root, _, call = self.origin(source)
        if root is None or call is None or call.type != "call" or (root not in _CONNECTS and self.family_of(root) != "sql"):
            return None
        args = self.args(call)
        for arg in args:
            value = arg.child_by_field_name("value") if arg.type == "keyword_argument" else arg
            if arg.type == "keyword_argument" and self.src(arg.child_by_field_name("name")) not in (
                    "dsn", "url", "conninfo", "host", "dbname", "database", "db", "account"):
                continue
            name = self._env_name(value)
            if name is not None:
                if production_name(name):
                    return name
                continue
            text = self.string(value) if value is not None else None
            if text and production_name(text.replace("/", ".").replace("@", ".").replace(":", ".")):
                return text
        return None

    def _env_name(self, node, depth: int = 0) -> str | None:
        """The variable of the environment `node` reads (`os.environ["X"]`, `os.getenv("X")`, `os.environ.get("X",
        …)`, a name given one of them), or None."""
        if node is None or depth > 3:
            return None
        if node.type == "subscript" and self.src(node.child_by_field_name("value")) == "os.environ":
            return self.string(node.child_by_field_name("subscript"))
        if node.type == "call" and self.qualname(node.child_by_field_name("function")) in _ENV_READS:
            args = [a for a in self.args(node) if a.type != "keyword_argument"]
            return self.string(args[0]) if args else None
        if node.type == "identifier":
            return self._env_name(self.given(node, frozenset({"call", "subscript"})), depth + 1)
        return None

    def _drops_own(self, arg) -> bool:
        """`DROP SCHEMA "{schema}" CASCADE` after `CREATE SCHEMA "{schema}"`, `DROP TABLE t` where the code runs `CREATE
        TABLE t` (or `op.create_table("t")`): a table or schema this code makes for itself (a test's scratch schema, a
        migration's down step) and takes away again. Read on the source as written, so an f-string's field must be
        spelled the same in both."""
        found = _DROP_NAME.search(self.src(arg))
        return found is not None and created(self.doc.data, found.group(1), found.group(2), arg.start_byte)

    def _sql_text(self, node) -> str | None:
        """The SQL a statement argument holds: literal text, with values computed at run time (an
        f-string field, a `+` of a name) as a placeholder, so `f"DROP TABLE {t}"` still reads as a drop."""
        if node.type == "call":  # text("..."), sql.SQL("...")
            f = node.child_by_field_name("function")
            name = self.src(f).rsplit(".", 1)[-1] if f is not None else ""
            args = self.args(node)
            if name == "format" and f.type == "attribute":  # sql.SQL("DROP TABLE {}").format(sql.Identifier(t))
                return self._sql_text(f.child_by_field_name("object"))
            return self._sql_text(args[0]) if name in _SQL_WRAPPERS and args else None
        v = self.string(node)
        if v is not None:
            return v
        if node.type == "string":
            return "".join(self._sql_text_part(c) for c in node.children if c.type in ("string_content", "interpolation"))
        if node.type == "binary_operator":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            a = self._sql_text(left) if left is not None else None
            if a is None:
                return None
            b = self._sql_text(right) if right is not None else None
            return a + (b if b is not None else SQL_PLACEHOLDER)
        if node.type == "concatenated_string":
            return "".join(self._sql_text(c) or SQL_PLACEHOLDER for c in node.named_children)
        return None

    def _sql_text_part(self, c) -> str:
        if c.type == "interpolation":
            v = self.string(c.child_by_field_name("expression"))
            return v if v is not None else SQL_PLACEHOLDER
        return self.src(c)

    def _call_command(self, pos: list, node) -> None:
        """Django's `call_command("flush", interactive=False)`, `call_command("migrate", "app", "zero")`."""
        name = self.string(pos[0])
        words = [self.string(p) for p in pos[1:]]
        if name in _DJANGO_WIPES or (name == "migrate" and "zero" in words):
            loss = "unapplies every migration of the app, dropping its tables" if name == "migrate" else \
                "deletes every row of every table"
            self._pending(node, f"call_command({name!r})", loss, None, "sql")

    def config_target(self, key: str, value) -> None:
        """`app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"`: the database the code's models use."""
        if _DB_SETTING.search(key):
            self.db_targets.append(ephemeral_db(self.string(value), self.src(value)))

    def _pending(self, node, what: str, loss: str, source, family: str) -> None:
        """A database wipe: judged once the whole snippet is read (a throwaway database may be opened later). One
        whose database cannot be followed (a fixture's parameter: `def clean(test_engine)`) in a test fixture or test
        function reaches the suite's own database, which its set-up empties on every run."""
        throwaway = self._throwaway_origin(source)
        if throwaway is None and self._in_test(node):
            throwaway = True
        self.wipes.append((node, irreversible_message(what, loss, family), throwaway))

    def _in_test(self, node) -> bool:
        """Whether `node` is inside a pytest fixture (`@pytest.fixture`), a test function or a set-up/tear-down hook
        of code that imports pytest or unittest."""
        if not any(v.split(".")[0] in ("pytest", "pytest_asyncio", "unittest") for v in self.alias.values()):
            return False
        up = node.parent
        while up is not None:
            if up.type == "function_definition":
                name = up.child_by_field_name("name")
                if name is not None and _TEST_FUNCTION.match(self.src(name)):
                    return True
                holder = up.parent
                if holder is not None and holder.type == "decorated_definition":
                    for d in holder.named_children:
                        if d.type == "decorator" and d.named_children:
                            call = d.named_children[0]
                            fn = call.child_by_field_name("function") if call.type == "call" else call
                            if (self.qualname(fn) or self.src(fn)) in _FIXTURES:
                                return True
            up = up.parent
        return False

    def _redis_plant(self, meth: str, node, pos: list) -> bool:
        """redis-py's `r.config_set("dir", "/root/.ssh")`, `r.execute_command("CONFIG", "SET", "dbfilename",
        "authorized_keys")`: Redis told to write its snapshot where the system runs or trusts it (sql.redis_plant),
        blocked as persistence. True when it blocked."""
        words = [self.string(p) for p in pos]
        splat = [a for a in self.args(node) if a.type == "list_splat"] if not pos else []
        if len(splat) == 1 and splat[0].named_children:
            inner = splat[0].named_children[0]  # `*"CONFIG SET dir /root/.ssh".split()`
            fn = inner.child_by_field_name("function") if inner.type == "call" else None
            if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) == "split":
                text = self.string(fn.child_by_field_name("object"))
                words = list(text.split()) if text is not None else words
        found = redis_planted_pair(words, command=meth == "execute_command")
        if found is None:
            return False
        fn = node.child_by_field_name("function")
        self.block("persistence", redis_plant_message(self.src(fn)[:40] if fn is not None else meth, *found), node)
        return True

    def _local_brokers(self, made) -> bool:
        """Whether the Kafka admin client `made` (`AdminClient({"bootstrap.servers": "localhost:9092"})`,
        `KafkaAdminClient(bootstrap_servers=["127.0.0.1:9092"])`) talks to brokers of this machine only."""
        if made is None or made.type != "call":
            return False
        value = self.kwarg(made, "bootstrap_servers")
        if value is None:
            conf = next((a for a in self.args(made) if a.type == "dictionary"), None)
            for pair in conf.named_children if conf is not None else ():
                if pair.type == "pair" and self.string(pair.child_by_field_name("key")) == "bootstrap.servers":
                    value = pair.child_by_field_name("value")
        if value is None:
            return False
        items = value.named_children if value.type in ("list", "tuple") else [value]
        servers = [x.strip() for i in items for x in (self.string(i) or "$").split(",") if x.strip()]
        return bool(servers) and all(local_database(x.rsplit(":", 1)[0] if x.count(":") == 1 else x, None)
                                     for x in servers)

    def _throwaway_origin(self, source) -> bool | None:
        """Whether `source` (a receiver or a bind) comes from a throwaway database: True or False
        when its connect call is found, None when it is not."""
        if source is None:
            return None
        root, _, call = self.origin(source)
        if root is None or call is None:
            return None
        if root in _CONNECTS:
            return self._throwaway(root, call)
        return None

    def _throwaway(self, q: str, call) -> bool:
        if q.split(".")[0] in _MOCKS:
            return True
        args = self.args(call)
        if q in _IN_MEMORY and not args:
            return True
        pos = [a for a in args if a.type != "keyword_argument"]
        if self._local_server(call, pos):
            return True
        target = pos[0] if pos else (self.kwarg(call, "database") or self.kwarg(call, "url") or self.kwarg(call, "dsn")
                                     or self.kwarg(call, "location") or self.kwarg(call, "path"))
        if target is None:
            return q == "duckdb.connect"  # duckdb.connect() opens an in-memory database
        return ephemeral_db(self.string(target), self.src(target)) or (q in _FILE_DBS and self._project_db(target, 0))

    def _local_server(self, call, pos: list) -> bool:
        """A database server of this machine, or a throwaway one (sql.local_database): a URL or DSN naming it
        (`create_engine("postgresql+psycopg://postgres@localhost:5432/app_test")`, `"host=localhost dbname=app"`), a
        `host=` of it (`psycopg2.connect(host="127.0.0.1", dbname="shop")`, `redis.Redis(host="localhost")`), or a
        testcontainers container's URL (`create_engine(pg.get_connection_url())`), made and removed by the test."""
        first = pos[0] if pos else self.kwarg(call, "url") or self.kwarg(call, "dsn") or self.kwarg(call, "conninfo")
        env = self._env_name(first)
        if env is not None:  # `os.environ["DEV_DATABASE_URL"]`: the user named it a development or test copy
            return throwaway_name(env)
        value = self.string(first) if first is not None else None
        if value is not None and "://" in value:
            return local_url(value)
        if first is not None and _CONTAINER_URL.search(self.src(first)) and \
                any(v.split(".")[0] == "testcontainers" for v in self.alias.values()):
            return True
        if value is not None and "=" in value:  # a libpq DSN
            found = dict(_DSN.findall(value))
            return "host" in found and local_database(found["host"], found.get("dbname"))
        host = self.kwarg(call, "host")
        host_value = self.string(host) if host is not None else None
        if host_value is None:
            return False
        name = next((self.string(v) for k in ("dbname", "database", "db") for v in [self.kwarg(call, k)]
                     if v is not None), None)
        return local_database(host_value, name if isinstance(name, str) else None)

    def _project_db(self, node, depth: int) -> bool:
        """Whether a file database opened on `node` is the project's development copy: a file in the project
        named as one (`sqlite3.connect("var/dev.sqlite3")`, `Path(__file__).parent / "test.db"`,
        `sqlite:///var/local.sqlite3`), data the project makes for its own work, as a build's output is. A target
        chosen when the code runs (a command-line argument, a variable of the environment) with such a file as
        its default (`sys.argv[1] if len(sys.argv) > 1 else "var/dev.sqlite3"`) is read as that default. A file
        named otherwise (`app.db`, `prod.db`) may be the only copy of real data and stays asked about; so does a
        path in the home or elsewhere outside the project."""
        if node is None or depth > 6:
            return False
        v = self.string(node)
        if v is not None:
            m = _SQLITE_URL.match(v)
            path = m.group(1) if m is not None else v
            return bool(path) and _relative(path) is not None and "://" not in path and dev_copy(path)
        found = self.project_path(node)
        if found is not None:
            return dev_copy(found)
        t = node.type
        if t == "identifier":
            made = self.given(node, _DB_KINDS)
            return made is not None and self._project_db(made, depth + 1)
        if t == "parenthesized_expression" and node.named_children:
            return self._project_db(node.named_children[0], depth + 1)
        if t == "conditional_expression":  # the branch that is a literal is the default; the other comes from input
            branches = [c for c in node.named_children if c is not node.named_children[1]]
            literal = [b for b in branches if self.string(b) is not None or self.project_path(b) is not None]
            return bool(literal) and all(self._project_db(b, depth + 1) for b in literal) and all(
                self._given(b) for b in branches if b not in literal)
        if t == "boolean_operator" and self.src(node.child_by_field_name("operator")) == "or":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            return self._given(left) and self._project_db(right, depth + 1)
        if t == "call" and self.qualname(node.child_by_field_name("function")) in ("os.environ.get", "os.getenv"):
            args = [a for a in self.args(node) if a.type != "keyword_argument"]
            return len(args) > 1 and self._project_db(args[1], depth + 1)
        return False

    def _given(self, node) -> bool:
        """A value given to the code when it runs: a command-line argument, a variable of the environment, an
        option parsed from them (`args.db`)."""
        text = self.src(node)
        return text.startswith(("sys.argv", "args.", "opts.", "options.", "ns.")) or "environ" in text or \
            "getenv" in text

    def _botocore_kwargs(self, call) -> bool:
        """Keyword arguments all in botocore's CamelCase (`Bucket=`, `DBInstanceIdentifier=`)."""
        names = [a.child_by_field_name("name") for a in self.args(call) if a.type == "keyword_argument"]
        return bool(names) and all(n is not None and self.src(n)[:1].isupper() for n in names)


def _public_actions(doc) -> set[str] | None:
    """The actions a bucket policy's Allow statements give everyone (`"Principal": "*"` or `{"AWS": "*"}`) with no
    Condition, or None when it gives everyone nothing."""
    statements = doc.get("Statement") if isinstance(doc, dict) else None
    found: set[str] = set()
    for st in statements if isinstance(statements, list) else [statements]:
        if not isinstance(st, dict) or st.get("Effect") != "Allow" or st.get("Condition"):
            continue
        who = st.get("Principal")
        aws = who.get("AWS") if isinstance(who, dict) else None
        if who == "*" or aws == "*" or isinstance(aws, list) and "*" in aws:
            action = st.get("Action")
            found.update(a for a in (action if isinstance(action, list) else [action]) if isinstance(a, str))
            found.add("*") if action is None else None
    return found or None


def _resource(meth: str) -> str:
    """`delete_db_instance` -> `the db instance`, `begin_delete` -> `the resource`."""
    for p in _PREFIXES:
        if meth.startswith(p):
            rest = meth[len(p):].strip("_").replace("_", " ")
            return f"the {rest}" if rest else "the resource"
    return "the resource"


def _shared_place(where: str) -> bool:
    """A path on the cluster's shared storage or a served volume (bash.files.unrecoverable reads both)."""
    from ..bash.files import unrecoverable
    from .. import paths

    return where.startswith("/") and unrecoverable(paths.normalize(where)) is not None
