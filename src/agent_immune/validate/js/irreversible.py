"""What TypeScript/JavaScript code destroys outside the project through libraries (rule
`irreversible`, review): SQL that drops or empties tables (pg, mysql2, knex, Prisma, postgres.js,
SQLite), ORM and store-level wipes (Sequelize, TypeORM, Mongo, Redis), cloud, cluster and
code-host resources deleted (AWS SDK v2/v3 commands, Google Cloud, Azure, Kubernetes, Octokit), model providers'
files, models, vector stores, assistants and threads (OpenAI, Anthropic), Vault's engines and auth methods
(node-vault `unmount`, `disableAuth`; `disableAudit` is blocked as anti-forensics).

As in the Python rules, a receiver is followed back through `const` names, properties and method
calls to the `new` or connect call it came from; a wipe of an in-memory database (tests) is not
asked about, nor are item-level deletes (one object, message, row by key).
"""
from __future__ import annotations

import re

from ..per_input import holds, in_input
from ..common_code import (RUN_NAME, STORE_LOSS, STORE_READ, cloud_loss, ephemeral_db, irreversible_message, parent_path,
                           redis_loss, resource_noun, sql_loss, store_loss)
from ..hosts import loopback, url_host
from ..shops import site_admin
from ..sql import (PLACEHOLDER as SQL_PLACEHOLDER, bulk_delete, created, local_database, local_url, privilege, redis_plant_message,
                   redis_planted_pair, throwaway_name)

_SQL_MODULES = frozenset({"pg", "mysql", "mysql2", "mysql2/promise", "better-sqlite3", "sqlite3", "sqlite", "knex",
                          "@prisma/client", "sequelize", "typeorm", "postgres", "@vercel/postgres",
                          "@neondatabase/serverless", "kysely", "drizzle-orm", "mssql", "oracledb", "bun:sqlite",
                          "@libsql/client"})
_SQLITE_MODULES = frozenset({"bun:sqlite", "better-sqlite3", "sqlite3", "node:sqlite"})
_MOCKS = frozenset({"ioredis-mock", "redis-mock", "mongodb-memory-server", "pg-mem"})
_SQL_METHODS = frozenset({"query", "execute", "exec", "raw", "run", "prepare", "unsafe", "$executeRawUnsafe",
                          "$queryRawUnsafe", "$executeRaw", "$queryRaw", "executeQuery"})
_SQL_TAGS = frozenset({"sql", "$executeRaw", "$queryRaw", "unsafe", "raw"})
# wipes named by the method alone
_WIPES = {"dropDatabase": "drops the whole database", "dropCollection": "drops the collection and its documents",
          **{m: redis_loss(m) for m in ("flushall", "flushAll", "flushdb", "flushDb")},
          "dropTable": "drops the table and every row in it", "dropTableIfExists": "drops the table and every row in it",
          "dropSchema": "drops the schema with its tables", "dropSchemaIfExists": "drops the schema with its tables",
          "dropAllSchemas": "drops every schema",
          # firebase-admin's Firestore, as Python's `recursive_delete`
          "recursiveDelete": "deletes the collection or document with every document under it"}
# objects whose own `.delete()` removes one item
_ITEM_OBJECTS = frozenset({"file", "doc", "document", "getBlobClient", "getBlockBlobClient", "getAppendBlobClient",
                           "getPageBlobClient", "getFileClient"})
_AWS_COMMAND = re.compile(r"(?:Delete|Terminate|Purge|Deregister|BatchDelete)\w*Command")
_SECRET_GONE = ("deletes the Actions secret (GitHub never shows its value again: the workflows that use it break until "
                "someone who has it sets it anew)")
_PACKAGE_GONE = ("deletes the published package version (anything that pulls it by tag or digest breaks, and the "
                 "version cannot be published again)")
_OCTOKIT_DELETES = {".repos.delete": "deletes the repository with its issues, pull requests and wiki",
                    ".git.deleteRef": "deletes the branch or tag on the remote",
                    ".repos.deleteRelease": "deletes the release and its assets",
                    # session 14: secrets, environments and packages (a variable's value is configuration anyone
                    # with access reads, as `gh variable delete` in the shell: not held)
                    **dict.fromkeys((".actions.deleteRepoSecret", ".actions.deleteOrgSecret",
                                     ".actions.deleteEnvironmentSecret", ".dependabot.deleteRepoSecret",
                                     ".dependabot.deleteOrgSecret", ".codespaces.deleteRepoSecret",
                                     ".codespaces.deleteOrgSecret"), _SECRET_GONE),
                    ".repos.deleteAnEnvironment": "deletes the deployment environment with its secrets, variables "
                                                  "and protection rules",
                    **dict.fromkeys((".packages.deletePackageVersionForOrg", ".packages.deletePackageVersionForUser",
                                     ".packages.deletePackageVersionForAuthenticatedUser"), _PACKAGE_GONE),
                    **dict.fromkeys((".packages.deletePackageForOrg", ".packages.deletePackageForUser",
                                     ".packages.deletePackageForAuthenticatedUser"),
                                    "deletes the package with every published version"),
                    # session 20: what `gh` holds too (`gh gist delete`, `gh release delete-asset`; one workflow run
                    # deleted stays allowed, test_s15_g_ci_code.py), and a code scanning analysis (with
                    # `confirm_delete`, the chain of analyses before it too)
                    ".codeScanning.deleteAnalysis": "deletes the code scanning analysis (with confirm_delete, each "
                                                    "earlier analysis of the tool in turn): the repository's record "
                                                    "of what was found and fixed",
                    ".gists.delete": "deletes the gist and its history",
                    ".repos.deleteReleaseAsset": "deletes an uploaded release asset"}
_OCTOKIT_METHODS = frozenset(k.rsplit(".", 1)[1] for k in _OCTOKIT_DELETES) | {"update"}
# kafkajs admin deletes -> what they lose
_KAFKA_DELETES = {"deleteTopics": "deletes the topics with every message in them",
                  "deleteTopicRecords": "deletes the partition's messages before the offset given"}
# the Redis calls a command can be spelled through (ioredis `config`/`call`, node-redis `configSet`/`sendCommand`)
_REDIS_COMMANDS = frozenset({"config", "configSet", "call", "sendCommand", "send_command"})
_CONNECT_METHODS = frozenset({"connect", "createConnection", "createPool", "createClient", "open"})
_CLOUD_PREFIXES = ("delete", "terminate", "purge", "deregister", "beginDelete")
_CHECKED = frozenset(_WIPES) | _SQL_METHODS | {"drop", "truncate", "sync", "synchronize", "deleteMany", "remove",
                                               "destroy", "del", "delete", "update", "request", "sendCommand", "call",
                                               "deleteFiles", "clear", "updateRef", "reset", "clearObjects",
                                               "dropTable"}


# search engines, vector stores, model hubs and hosting APIs: module -> family
_STORE_MODULES = {**dict.fromkeys(("@elastic/elasticsearch", "@opensearch-project/opensearch", "meilisearch", "typesense",
                                   "algoliasearch"), "search"),
                  **dict.fromkeys(("@pinecone-database/pinecone", "weaviate-client", "weaviate-ts-client",
                                   "@qdrant/js-client-rest", "chromadb", "@zilliz/milvus2-sdk-node", "@lancedb/lancedb",
                                   "vectordb"), "vector"),
                  "@huggingface/hub": "hf", "cloudflare": "cloudflare", "@vercel/sdk": "vercel"}
# a recursive delete of a tree: fs's rm with `recursive`, fs-extra's remove, rimraf, del ("" the default export)
_RM_RECURSIVE = frozenset({"rm", "rmSync", "rmdir", "rmdirSync"})
_TREE_REMOVES = frozenset({("fs-extra", "remove"), ("fs-extra", "removeSync"), ("fs-extra", "emptyDir"),
                           ("fs-extra", "emptyDirSync"), ("rimraf", ""), ("rimraf", "rimraf"), ("rimraf", "sync"),
                           ("rimraf", "rimrafSync"), ("del", ""), ("del", "deleteAsync"), ("del", "deleteSync")})

# records created after a wipe (`prisma.user.create(…)`): group 1 is the name the receiver starts from
_CREATES = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)(?:\s*\.\s*[\w$]+)*?\s*\.\s*(?:create|createMany|"
                      r"createManyAndReturn|upsert|insertMany|insertOne|bulkCreate)\s*\(")
_NAME = re.compile(r"[A-Za-z_$][\w$]*")
_NETLIFY = re.compile(rb"""from\s+["']netlify["']|require\(\s*["']netlify["']\s*\)""")
_PRODUCTION = re.compile(r"(?<![A-Za-z])(?:prod(?:uction)?(?![a-z])|PROD(?:UCTION)?(?![A-Z])|Prod(?:uction)?(?![a-z]))")
# the URL is group 1 (findall gives it): read from the start of the run only, which skips to its first letter as
# the search did, instead of retrying from every letter of a long word
_DB_URL = re.compile(r"(?<![\w+.-])(?:(?![a-z])[\w+.-])*+([a-z][\w+.-]*+://[^\s'\"`]+)")
# (session 20) the Stripe calls _stripe_loop reads (item_loops.stripe_loss: JavaScript names them in camel case)
_STRIPE_METHODS = frozenset({"del", "create", "detach", "deleteSource"})
_CHOSEN = frozenset({"ternary_expression", "template_string", "binary_expression"})  # paths a name is given
# a variable of the environment read for a connection (`process.env.DEV_DATABASE_URL`, `Deno.env.get("X")`, `Bun.env.X`)
_ENV_READ = re.compile(r"""\b(?:process\.env|Bun\.env|import\.meta\.env)(?:\.(\w+)|\[\s*["'`](\w+)["'`]\s*\])|"""
                       r"""\bDeno\.env\.get\(\s*["'`](\w+)["'`]""")
_HOST_FIELD = re.compile(r"\bhost\s*:\s*['\"`]([^'\"`]+)['\"`]")
_CONTAINER_URL = re.compile(r"\.getConnectionUri\(|\.getHost\(")
_DROP_NAME = re.compile(r"(?i)\bdrop\s+(table|schema)\s+(?:if\s+exists\s+)?((?:[\w.\"`\[\]]|\$\{[^}]*\})+)")
_TREE_NAMES = _RM_RECURSIVE | {member or mod for mod, member in _TREE_REMOVES}  # the last part of such a call's name
# Electron's folders of the user's data (`app.getPath(name)`): removed, what the user made with the app goes with them
_APP_FOLDERS = {"userData": "the app's whole user data folder (its databases, settings and the user's documents)",
                "appData": "the folder of every application's data in the user's profile",
                "home": "the user's home folder", "documents": "the user's Documents folder",
                "desktop": "the user's Desktop folder"}
_APP_FOLDER = re.compile(r"""^app\.getPath\(\s*["'`](userData|appData|home|documents|desktop)["'`]\s*\)$""")
_UNLINKS = frozenset({("fs", "unlink"), ("fs", "unlinkSync"), ("fs/promises", "unlink")})


def _family(module: str) -> str | None:
    if module.startswith("@aws-sdk/") or module == "aws-sdk":
        return "aws"
    if module in _STORE_MODULES:
        return _STORE_MODULES[module]
    if module.startswith("@google-cloud/") or module.startswith("firebase-admin"):
        return "gcp"
    if module.startswith("@azure/"):
        return "azure"
    if module == "@kubernetes/client-node":
        return "k8s"
    if module.startswith("@octokit/") or module == "octokit":
        return "github"
    if module == "stripe":
        return "stripe"
    if module in ("mongodb", "mongoose", "mongodb-memory-server"):
        return "mongo"
    if module in ("redis", "ioredis", "ioredis-mock", "redis-mock"):
        return "redis"
    if module == "kafkajs":
        return "kafka"
    if module in _SQL_MODULES or module == "pg-mem" or module.startswith("drizzle-orm"):
        return "sql"
    return None


# supabase-js filters that keep every row but a few (`.neq("id", nil)`, the usual way to delete every row, since a
# delete without a filter is refused); `.eq`, `.in`, `.match` pick rows by value
_SUPABASE_WIDE = frozenset({"neq", "gt", "gte", "lt", "lte", "not", "like", "ilike", "is", "filter", "or"})
# node-vault client methods read here (list/read: a walk of the store; delete; the mounts and audit devices below)
_VAULT_LOSSES = {"unmount": "unmounts the secrets engine and deletes every secret stored under it",
                 "disableAuth": "deletes the auth method with its roles and revokes every token it issued"}
_VAULT_METHODS = frozenset({"list", "read", "delete", "disableAudit"} | set(_VAULT_LOSSES))
# OpenAI's and Anthropic's Node clients (`client.files.delete(id)`, `client.beta.assistants.del(id)`): the packages,
# and the methods that delete the resource their group names (python/ml.py's list says what each loses)
_PROVIDER_MODULES = {"openai": "OpenAI", "@anthropic-ai/sdk": "Anthropic"}
_PROVIDER_METHODS = frozenset({"delete", "del"})
# AWS SDK v3 secret store commands: listings, and reads of a value (common_code.SECRET_READS)
_SDK_LISTS = frozenset({"ListSecretsCommand", "DescribeParametersCommand", "ListSecretVersionIdsCommand"})
_STORE_COMMANDS = _SDK_LISTS | frozenset({"GetSecretValueCommand", "BatchGetSecretValueCommand", "GetParameterCommand",
                                          "GetParametersCommand"})


# (session 19) chat, mail and SMS services (`discord.js` reads as "discord": a module's name is cut at its first dot)
_CHAT_MODULES = frozenset({"@slack/web-api", "@slack/bolt", "discord", "eris", "oceanic", "telegraf", "grammy",
                           "node-telegram-bot-api", "twilio", "imapflow", "imap", "node-imap", "@sendgrid/client",
                           "mailgun", "@mailchimp/mailchimp_marketing", "@mailchimp/mailchimp_transactional"})
# calls that delete many messages at once, or a whole mailbox
_CHAT_BULK = {"bulkDelete": "deletes the channel's messages in bulk",
              "mailboxDelete": "deletes the mailbox with every message in it on the mail server"}
# deletes of one item each (a message, a channel, a role, a record), a sweep when a loop runs them
_ITEM_CALLS = frozenset({"delete", "remove", "del", "deleteMessage", "messageDelete"})
_LOOP_KINDS = frozenset({"for_in_statement", "for_statement", "while_statement", "do_statement"})
_FUNCTIONS = frozenset({"function_declaration", "method_definition", "arrow_function", "function_expression",
                        "function", "generator_function_declaration", "program"})
# HTTP clients, whose requests the HTTP rules read (http_calls.py)
_HTTP_MODULES = frozenset({"axios", "got", "undici", "node-fetch", "superagent", "ky", "ofetch", "http", "https"})


# (session 21) Pulumi Automation API calls with no undo -> what they lose
_PULUMI_LOSS = {"destroy": "deletes every resource of the Pulumi stack (servers, databases and their data)",
                "removeStack": "deletes the Pulumi stack with its configuration and deployment history",
                "remove_stack": "deletes the Pulumi stack with its configuration and deployment history"}

class Irreversible:
    """Deletes and overwrites outside the project that have no undo."""

    def _swept_by_loop(self, node) -> bool:
        """Whether `node` runs once per item of a loop of its own function (also a `forEach`/`map` callback)."""
        up = node.parent
        while up is not None:
            if up.type in _LOOP_KINDS:
                return True
            if up.type in _FUNCTIONS:
                holder = up.parent.parent if up.parent is not None and up.parent.type == "arguments" else None
                fn = holder.child_by_field_name("function") if holder is not None else None
                if fn is None or fn.type != "member_expression" or \
                        self.src(fn.child_by_field_name("property")) not in ("forEach", "map", "autoPagingEach"):
                    return False
            up = up.parent
        return False

    def _loop_item(self, obj) -> bool:
        """Whether the receiver `obj` is (a field of) the name a `for … of` loop binds (`for (const ch of channels)
        await ch.delete()`)."""
        while obj is not None and obj.type in ("member_expression", "subscript_expression", "non_null_expression",
                                               "parenthesized_expression", "as_expression"):
            obj = obj.named_children[0] if obj.named_children else None
        if obj is None or obj.type != "identifier":
            return False
        name = self.src(obj)
        up = obj.parent
        while up is not None and up.type != "program":
            if up.type == "for_in_statement":
                left = up.child_by_field_name("left")
                if left is not None and name in re.findall(r"[\w$]+", self.src(left)):
                    return True
            up = up.parent
        return False

    def _service_call(self, meth: str, fn, node, args: list) -> bool:
        """(session 19) Chat, mail and SMS services, whose deletes have no undo: Slack's admin API
        (`admin.apps.uninstall`, `admin.conversations.delete`), a channel's messages deleted in bulk
        (`channel.bulkDelete`), a mail range deleted (`imapflow.messageDelete("1:*")`), a Twilio number released
        (`incomingPhoneNumbers(sid).remove()`), an SDK's raw DELETE request (`@sendgrid/client`'s `request({ method:
        "DELETE", url })`); a message, channel or role deleted alone is a bot's everyday work, the same delete run
        in a loop is a sweep. Whether it was judged."""
        obj = fn.child_by_field_name("object")
        root, chain, _ = self.origin(obj)
        mod = self.module(root)[0] if root else None
        chat = mod in _CHAT_MODULES or mod is None and self._imports(set(_CHAT_MODULES))
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else meth
        loss = None
        if meth == "request" and args and args[0].type == "object" and mod and mod not in _HTTP_MODULES:
            method = self._field(args[0], "method")
            if method is not None and (self.string(method) or "").upper() == "DELETE":
                url = self._field(args[0], "url") or self._field(args[0], "path")
                where = self.src(url)[:60] if url is not None else "what the request names"
                loss = f"sends a DELETE of {where} through the {mod} client: the service deletes it, with no undo"
        elif not chat:
            return False
        elif "admin" in chain and meth in ("delete", "remove", "uninstall", "removeUser"):
            loss = "acts through Slack's admin API across the organisation: the channels (with their history), " \
                   "members or app installs it names are deleted (an uninstall revokes the app's tokens everywhere)"
        elif meth in _CHAT_BULK:
            loss = _CHAT_BULK[meth]
        elif meth == "remove" and "incomingPhoneNumbers" in chain:
            loss = "releases the phone number from the Twilio account (a released number may never come back)"
        elif meth == "messageDelete" and args and (self._swept_by_loop(node) or any(c in (self.string(args[0]) or "*")
                                                                              for c in ":*,")):
            loss = "deletes the messages of that range on the mail server for good"
        elif meth in _ITEM_CALLS and self._swept_by_loop(node) and (mod is not None or self._loop_item(obj)):
            loss = "deletes messages, channels, roles or records one by one in a loop (their history goes with them)"
        if loss is None:
            return False
        self.review("irreversible", irreversible_message(what, loss, None), node)
        return True

    def _supabase_delete_all(self, fn, node) -> bool:
        """`supabase.from("t").delete().neq("id", 0)`: every row of the table but the few the filter keeps."""
        obj = fn.child_by_field_name("object")
        if obj is None or obj.type != "call_expression" or not self.src(obj).lstrip().endswith(")") or \
                ".from(" not in self.src(obj) or not any(v.startswith("@supabase/") for v in self.alias.values()):
            return False
        up = node.parent
        if up is None or up.type != "member_expression" or up.parent is None or up.parent.type != "call_expression":
            return False
        prop = up.child_by_field_name("property")
        if prop is None or self.src(prop) not in _SUPABASE_WIDE:
            return False
        table = self.string(self.args(obj)[0]) if self.args(obj) else None
        self.review("irreversible", irreversible_message(f"{self.src(up)}(…)", f"deletes every row of "
                                                         f"{table or 'the table'} that the filter does not keep", None),
                    up.parent)
        return True

    def _many_blobs(self, arg) -> bool:
        if arg.type in ("array", "call_expression") or arg.type == "identifier" and \
                self.declared(arg, frozenset({"array", "call_expression"})) is not None:
            return self.string(arg) is None
        return False

    def family_of(self, root: str) -> str | None:
        return _family(self.module(root)[0])

    def visit_new_irreversible(self, q: str | None, node, args: list) -> None:
        self.visit_http_new(q, node, args)
        if not q:
            return
        mod, member = self.module(q)
        name = member or mod
        if name in _STORE_COMMANDS and name.encode() not in self.doc.data:  # mod[["Get", "SecretValue", …].join("")]
            self._store_walk("list" if name in _SDK_LISTS else "read", node)
        family = _family(mod)
        if family in ("sql", "mongo", "redis"):
            self.db_targets.append(mod in _MOCKS or self._throwaway_client(node))
        if name[-7:] == "Command" and _AWS_COMMAND.fullmatch(name) and (family == "aws" or q not in self.alias.values()) and \
                cloud_loss("aws", name[:-7]):
            self.review("irreversible", irreversible_message(f"new {name}", f"{_verb(name)} {_resource(name[:-7])} "
                                                             "when sent", "aws"), node)
        elif name == "DataSource" and args and args[0].type == "object":
            drop = self._field(args[0], "dropSchema")
            if drop is not None and self.src(drop) == "true":
                self.wipes.append((node, irreversible_message("new DataSource({ dropSchema: true })", "drops every "
                                                              "table of the database each time it connects", None),
                                   ephemeral_db(None, self.src(args[0]))))

    def _store_walk(self, step: str, node) -> None:
        """A secret store's listing (`list`) or a secret's read (`read`) named where the text does not spell it (an
        SDK command looked up by a computed name, node-vault's `list` and `read`): both in the same code read every
        secret of the store (sent off when it also uses the network, walk.py), as common_code.store_dump reads the
        names written out."""
        self.arrays.setdefault(f"store {step}", node)
        read = self.arrays.get("store read")
        if "store list" in self.arrays and read is not None and all(n is not read for n, _ in self.gathered):
            self.gathered.append((read, STORE_READ))

    def _node_vault(self, meth: str, fn, node, args: list) -> bool:
        """node-vault's client (`vault({ endpoint, token })`): `list` and `read` of the same store walk every secret
        in it; `delete` of a KV version 2 secret's metadata or of a version 1 secret loses it for good (a version 2
        `…/data/…` path is a soft delete, which `undelete` reverses). Whether the call was judged here."""
        root, chain, _ = self.origin(fn.child_by_field_name("object"))
        if root is None or self.module(root)[0] != "node-vault" or chain:
            return False
        if meth in ("list", "read"):
            self._store_walk(meth, node)
            return True
        if meth == "disableAudit":  # vault.disableAudit({ name: "file" }): `vault audit disable file/`
            self.block("anti-forensics", f"`{self.src(fn)[:60]}` turns off a Vault audit device, so later reads of "
                                         "secrets leave no record; leave the audit devices on (they show who read "
                                         "which secret), and let the user change one", node)
            return True
        if meth in _VAULT_LOSSES:  # vault.unmount({ mount_point: "secret-prod" }): `vault secrets disable`
            self.review("irreversible", f"`{self.src(fn)[:60]}` {_VAULT_LOSSES[meth]}, with no undo; back up what it "
                                        "holds and let the user run it", node)
            return True
        path = self._url_text(args[0]) if args else None
        if meth == "delete" and (path is None or "/data/" not in path):
            what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else meth
            self.review("irreversible", f"`{what}` deletes the secret in Vault for good (every version with its "
                                        "metadata, or a KV version 1 secret, which keeps none), with no undo; read "
                                        "and keep what it holds first, and let the user run it", node)
        return True

    def _provider_delete(self, fn, node) -> bool:
        """`client.files.delete(f.id)` of `client = new OpenAI()` (also `models`, `vectorStores`, `beta.assistants.del`,
        `beta.threads.del`, Anthropic's `beta.files.delete`): the fine-tuned model, the uploaded file, the vector
        store, the assistant or the thread is deleted on the provider's platform, with no undo. Whether it was."""
        from ..python.ml import PROVIDER_DELETES

        root, chain, _ = self.origin(fn.child_by_field_name("object"))
        platform = _PROVIDER_MODULES.get(self.module(root)[0]) if root is not None else None
        if platform is None:
            return False
        group = next((c for c in chain if c != "[]"), "")  # the innermost group: files, vectorStores …
        loss = PROVIDER_DELETES.get(re.sub(r"s$", "", re.sub(r"(?<=[a-z])([A-Z])", r"_\1", group).lower()))
        if loss is None:
            return False
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else self.src(fn.child_by_field_name("property"))
        self.review("irreversible", irreversible_message(what, f"{loss} on {platform}'s platform", None), node)
        return True

    def _wallet_key_delete(self, fn, node, target) -> None:
        """`rmSync(join(homedir(), ".config/solana", f))` for each file a listing gives: one wallet key file (a name
        known only at run time, under a folder of keys) deleted, as bash/files reads `rm` of one."""
        from .. import paths
        from ..bash.files import _WALLET_KEY, unrecoverable

        for path in self.run_paths(target) or ():
            n = paths.normalize(path)
            if n.count(RUN_NAME) != 1 or not n.endswith(RUN_NAME):
                continue
            key = n.replace(RUN_NAME, "key.json" if n.startswith("~/.config/solana/") else "key")
            if _WALLET_KEY.match(key) and (lost := unrecoverable(key)):
                self.review("irreversible", irreversible_message(self.src(fn), "deletes a key file of "
                                                                 f"{lost.split(', part of ', 1)[-1]}", None), node)
                return

    def _pulumi_loss(self, name: str, fn, node, args: list) -> None:
        """(session 21) Pulumi's Automation API: `stack.destroy()` deletes every resource of the stack, and
        `workspace.removeStack(name)` its configuration and history, as `pulumi destroy` / `pulumi stack rm` do
        (bash/infra.py). A destroy asked to preview only changes nothing."""
        if name == "destroy" and args and re.search(r"\bpreviewOnly\s*:\s*true", self.src(args[0])):
            return
        self.review("irreversible", irreversible_message(self.src(fn)[:60], _PULUMI_LOSS[name], None), node)

    def visit_irreversible(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call: settled by its method name before anything else is read (most calls are not these)."""
        self.visit_http(q, fn, prop, node, args)
        if prop is not None and args:
            self.visit_ssh_forward(prop, node, args)
        if prop is not None and holds(self.doc.data, b"pulumi/automation") and self.src(prop) in _PULUMI_LOSS:
            self._pulumi_loss(self.src(prop), fn, node, args)
        if args and q and q.rsplit(".", 1)[-1] in _TREE_NAMES and self.string(args[0]) is None:
            if self._tree_delete(q, args):
                folder = _APP_FOLDER.match(self.src(args[0]))
                if folder is not None:  # Electron's `rmSync(app.getPath("userData"), { recursive: true })`
                    self.review("irreversible", irreversible_message(self.src(fn), f"deletes {_APP_FOLDERS[folder[1]]}",
                                                                     None), node)
                for path in self.run_paths(args[0]) or ():  # `rm(path.join(homedir(), ".local/share", app), …)`
                    self.held_tree_delete(self.src(fn), path, node, built=True)
            elif self.module(q)[0] in ("fs", "fs/promises"):
                self._wallet_key_delete(fn, node, args[0])
        elif args and q and self.module(q) in _UNLINKS and self.string(args[0]) is None:
            self._wallet_key_delete(fn, node, args[0])
        if prop is None and fn.type == "subscript_expression":
            index = fn.child_by_field_name("index")
            name = self.string(index) if index is not None else None
            if name in _REDIS_COMMANDS and self._redis_plant(name, node, args):  # `r[["con", "fig"].join("")](…)`
                return
        if prop is None:
            mod, member = self.module(q)
            if mod == "@vercel/blob" and member == "del" and args and self._many_blobs(args[0]):
                # `del(page.blobs.map((b) => b.url))`: a listing's files, with no trash to restore them from (one
                # blob by its URL is an item's delete, like one file's)
                self.review("irreversible", irreversible_message(self.src(fn), "deletes every file it is given from "
                                                                 "the Vercel Blob store", "vercel"), node)
                return
            if member and _STORE_MODULES.get(mod) in STORE_LOSS:  # `deleteRepo({ repo })` from @huggingface/hub
                self._store_call(member, [], _STORE_MODULES[mod], node, self.src(fn), None)
                return
            if fn.type == "identifier":
                name = self.src(fn)
                if name in _SQL_TAGS:
                    self._sql_tag(fn, node)
                elif name in self.alias:  # knex({...}), postgres(url), createClient()
                    self._db_target(q, node)
            return
        meth = self.src(prop)
        if meth == "join" and args:
            self.joined_path(fn, node, args)  # [Deno.env.get("HOME"), ...parts].join("/")
            return
        if meth in _VAULT_METHODS and self._node_vault(meth, fn, node, args):
            return
        if meth in _CONNECT_METHODS:
            self._db_target(q, node)
            return
        if meth in _REDIS_COMMANDS and self._redis_plant(meth, node, args):
            return
        if (meth in _ITEM_CALLS or meth in _CHAT_BULK or meth in ("request", "uninstall", "removeUser")) and \
                fn.type == "member_expression" and self._service_call(meth, fn, node, args):
            return
        if meth in _STRIPE_METHODS and fn.type == "member_expression" and self._stripe_loop(meth, fn, node):
            return
        if meth not in _CHECKED and not meth.startswith(_CLOUD_PREFIXES):
            return
        if meth == "delete" and self._supabase_delete_all(fn, node):
            return
        if meth in _PROVIDER_METHODS and self._provider_delete(fn, node):
            return
        if meth in _SQL_TAGS and self._sql_tag(fn, node):
            return
        obj = fn.child_by_field_name("object")
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else meth
        via = q
        if via is None and (meth == "delete" or meth in _OCTOKIT_METHODS):
            # `new Octokit({ auth }).repos.delete(…)`: no name to qualify, the `new` it hangs from does
            root, chain, _ = self.origin(obj)
            via = root + "".join("." + c for c in reversed(chain)) + "." + meth if root else None
        if meth == "updateRef" and via is not None and via.endswith(".git.updateRef") and args and \
                args[0].type == "object" and self.src(self._field(args[0], "force") or args[0]) == "true":
            self.review("irreversible", irreversible_message(what, "moves the branch to another commit by force, "
                                                             "dropping the commits only it held (a force push)",
                                                             "github"), node)
            return
        if via is not None:
            for suffix, loss in _OCTOKIT_DELETES.items():
                if via.endswith(suffix):
                    self.review("irreversible", irreversible_message(what, loss, "github"), node)
                    return
            if via.endswith(".repos.update") and args and self._goes_public(args[0]):
                self.review("irreversible", irreversible_message(what, "makes the repository public: anyone can copy "
                                                                 "its code and history from then on", None), node)
                return
        if meth.startswith("delete") and holds(self.doc.data, b"NetlifyAPI") and in_input(_NETLIFY, self.doc.data):
            self.review("irreversible", irreversible_message(what, "deletes the Netlify site, deploy, DNS zone or "
                                                             "setting (a site takes its deploys and domain with it)",
                                                             None), node)
            return
        if meth == "request" and args:
            route = self.string(args[0]) or ""
            if route.startswith("DELETE /repos/") or (route.startswith("PATCH /repos/") and len(args) > 1 and
                                                      self._goes_public(args[1])):
                self.review("irreversible", irreversible_message(f"request({route!r})", "deletes or publishes a "
                                                                 "repository or its branches", "github"), node)
            return
        if meth == "execute" and not args and obj.type == "call_expression":
            inner = obj.child_by_field_name("function")  # kysely: db.deleteFrom("users").execute()
            if inner is not None and inner.type == "member_expression" and \
                    self.src(inner.child_by_field_name("property")) == "deleteFrom":
                self._wipe(node, what, "deletes every row of the table (no where)", obj)
            return
        if meth in _SQL_METHODS:
            if args and self.module(q)[0] != "child_process":
                text = self._sql_text(args[0])
                if text:
                    self.sql_server(text, args[0])
                    found = privilege(text)
                    if found is not None and not self._own_database(obj):
                        self.block(found[0], found[1], args[0])
                        return
                    admin = site_admin(text, self.src(node), self.doc.data.decode("utf-8", "replace"))
                    if admin is not None:  # (wherever the database runs: the site may be served from here)
                        (self.block if admin[0] == "block" else self.review)("privilege-escalation", admin[1], args[0])
                        return
                loss = sql_loss(text) if text and not self._drops_own(args[0]) else None
                if loss is not None:
                    self._wipe(node, what, f"runs SQL that {loss}", obj)
                elif text and (table := bulk_delete(text)) is not None:
                    far = self._far_host(obj)
                    if far is not None:
                        self.review("irreversible", irreversible_message(
                            what, f"runs SQL that deletes every row of {table} its WHERE matches, on the database of "
                            f"{far} (production's, or another machine's)", None), node)
            return
        if meth in _WIPES:
            if meth.startswith(("dropTable", "dropSchema")) and args and self.string(args[0]) is not None and \
                    created(self.doc.data, "schema" if meth.startswith("dropSchema") else "table", self.string(args[0]),
                            node.start_byte):
                return  # a migration's `down` dropping the table its `up` creates
            self._wipe(node, what, _WIPES[meth], obj)
            return
        if meth in ("sendCommand", "call"):
            word = self.string(args[0].named_children[0]) if args and args[0].type == "array" and \
                args[0].named_children else self.string(args[0]) if args else None
            loss = redis_loss(word)
            if loss:
                self._wipe(node, what, loss, obj)
            return
        if meth in ("deleteMany", "remove", "destroy"):
            spec = args[0] if args else None
            empty = spec is None or self.src(spec).replace(" ", "") in ("{}", "{where:{}}")
            if meth == "destroy":
                trunc = self._field(spec, "truncate") if spec is not None and spec.type == "object" else None
                empty = (trunc is not None and self.src(trunc) == "true") or (
                    spec is not None and self.src(spec).replace(" ", "") == "{where:{}}")
            elif meth == "remove":
                empty = spec is not None and self.src(spec).replace(" ", "") == "{}"
            if empty and not (meth == "deleteMany" and self._reseeded(obj, node)):
                self._wipe(node, what, "deletes every record of the collection or table (empty filter)", obj)
            return
        if meth == "clear" and not args and self._imports({"typeorm", "@nestjs/typeorm"}) and \
                re.search(r"[Rr]epository|manager", self.src(obj)):
            self._wipe(node, what, "empties the entity's table (TRUNCATE)", obj)
            return
        if meth in ("sync", "synchronize"):
            force = self._field(args[0], "force") if args and args[0].type == "object" else args[0] if args else None
            if force is not None and self.src(force) == "true":
                self._wipe(node, what, "drops and recreates the tables, losing every row", obj)
            return
        root, chain, made = self.origin(obj)
        family = _family(self.module(root)[0]) if root else None
        if family == "kafka":
            if meth in _KAFKA_DELETES and not self._local_brokers(made):
                self.review("irreversible", irreversible_message(what, _KAFKA_DELETES[meth] + " on a broker that is "
                                                                 "not this machine's", None), node)
            return
        if family == "stripe":
            return  # (_stripe_loop: one object's delete by its id is a shop's everyday code)
        if family in STORE_LOSS or family == "cloudflare":
            self._store_call(meth, chain, family, node, what, obj)
            return
        if meth in ("drop", "truncate") and not args:
            if family in ("sql", "mongo") or (chain[:1] == ["collection"] and meth == "drop") or \
                    self.src(obj).lower().endswith("sequelize") or \
                    self._imports({"sequelize", "mongodb", "mongoose", "knex", "typeorm"}):
                self._wipe(node, what, "drops the collection or table and its data" if meth == "drop" else
                           "empties the table", obj)
            return
        if meth in ("del", "delete") and not args and (family == "sql" or meth == "del" and obj.type == "call_expression") and \
                not any(c.startswith("where") for c in chain):
            self._wipe(node, what, "deletes every row of the table (no where)", obj)  # knex("users").del()
            return
        if meth == "delete" and len(args) == 1 and args[0].type == "identifier" and (
                family == "sql" or self._imports({"drizzle-orm"})):
            up = node.parent  # drizzle: db.delete(users) runs unless narrowed by .where(...)
            if up is None or up.type != "member_expression" or self.src(up.child_by_field_name("property")) != "where":
                self._wipe(node, what, "deletes every row of the table (no where)", obj)
            return
        if meth == "delete" and not args or meth == "deleteFiles":
            near = chain[0] if chain else ""
            if family in ("gcp", "azure") and near not in _ITEM_OBJECTS:
                self.review("irreversible", irreversible_message(what, f"deletes {resource_noun(chain)}"
                                                                 f"{' with every file in it' if meth == 'deleteFiles' else ''}",
                                                                 family), node)
            return
        if family in ("aws", "gcp", "azure") and cloud_loss(family, meth):
            self.review("irreversible", irreversible_message(what, f"{_verb(meth)} {_resource(meth)}", family), node)
        elif family in ("k8s", None) and cloud_loss("k8s", meth):
            self.review("irreversible", irreversible_message(what, f"deletes {_resource(meth)} with everything in it",
                                                             "k8s"), node)

    def _stripe_loop(self, meth: str, fn, node) -> bool:
        """(session 20) `for await (const p of stripe.products.list({ active: false })) await stripe.products.del(p.id)`,
        `for (const id of ids) await stripe.refunds.create({ payment_intent: id })`: a Stripe call that loses
        something for good (item_loops.stripe_loss) run once for each item a loop goes over, which sweeps the live
        account. One call by its id, a loop over a listing narrowed to one party's objects (a customer, an email)
        and a count of attempts are left alone. Whether the call was Stripe's."""
        from ..item_loops import stripe_loss, stripe_party_listing, stripe_resource

        root, chain, _ = self.origin(fn.child_by_field_name("object"))
        if root is None or _family(self.module(root)[0]) != "stripe":
            return False
        loss = stripe_loss(stripe_resource(list(reversed(chain))), meth)
        if loss is None:
            return False
        items = self._swept_by_item(node)
        if items is None:
            return True
        text = self.src(items)
        if items.type == "identifier" and text in self.bound:
            text = self.src(self.bound[text])
        if stripe_party_listing(text) or re.match(r"Array\.from\(\s*\{\s*length|\[\s*\.\.\.\s*Array\(", text):
            return True
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else meth
        self.review("irreversible", f"`{what}` {loss}, once for each item the loop goes over "
                                    f"({self.src(items)[:60]}): on the live account none of it can be undone. Run it "
                                    "with a test key first, and let the user run it on live data", node)
        return True

    def _swept_by_item(self, node):
        """The iterable of the loop around `node` (a `for … of`, or the array whose `forEach` / `map` /
        `autoPagingEach` is handed the callback `node` is in) when `node` uses the item it binds; None otherwise."""
        items = self._swept(node)
        if items is None:
            return None
        up = node.parent
        while up is not None and up.type not in ("for_in_statement", "arrow_function", "function_expression",
                                                 "function"):
            up = up.parent
        if up is None:
            return None
        bound = up.child_by_field_name("left") if up.type == "for_in_statement" else \
            up.child_by_field_name("parameter") or up.child_by_field_name("parameters")
        names = [n for n in _NAME.findall(self.src(bound)) if n not in ("const", "let", "var", "await", "async")] \
            if bound is not None else []
        text = self.src(node)
        return items if any(re.search(rf"(?<![\w$.]){re.escape(n)}\b", text) for n in names) else None

    def _swept(self, node):
        """What the loop around `node` goes over: a `for … of` loop's iterable, or the object whose `autoPagingEach` /
        `forEach` / `map` is handed the callback `node` is in; None outside such a loop."""
        up = node.parent
        while up is not None and up.type != "program":
            if up.type == "for_in_statement":
                return up.child_by_field_name("right")
            if up.type in ("arrow_function", "function_expression", "function") and up.parent is not None and \
                    up.parent.type == "arguments":
                fn = up.parent.parent.child_by_field_name("function") if up.parent.parent is not None else None
                if fn is not None and fn.type == "member_expression" and \
                        self.src(fn.child_by_field_name("property")) in ("autoPagingEach", "forEach", "map"):
                    return fn.child_by_field_name("object")
                return None
            up = up.parent
        return None

    def _reseeded(self, obj, node) -> bool:
        """A seed script: the tables emptied with `deleteMany()` are filled again through the same client later in
        the code (`prisma.user.create(…)`, `User.insertMany(…)`), which resets a development database; not when
        the client is built with a production or other remote database URL."""
        _, _, made = self.origin(obj)
        if made is None or self._remote_database(made):
            return False
        text = self.doc.data.decode("utf-8", "replace")
        at = len(self.doc.data[:node.end_byte].decode("utf-8", "replace"))
        for m in _CREATES.finditer(text, at):
            made_there = self.bound.get(m.group(1))
            if made_there is not None and made_there == made:
                return True
        return False

    def _remote_database(self, made) -> bool:
        """Whether the client `made` (`new PrismaClient({ datasourceUrl })`) is given a database URL naming
        production, or a literal one of another machine."""
        text = self.src(made)
        values = [text] + [v for n in set(_NAME.findall(text)) if (v := self.consts.get(n)) is not None]
        for v in values:
            if _PRODUCTION.search(v) or any(not loopback(h) for u in _DB_URL.findall(v) if (h := url_host(u))):
                return True
        return False

    def _far_host(self, source) -> str | None:
        """What names the database the client `source` reaches as production's or another machine's: a production
        URL, or a literal host with a domain (`new Client({ host: "results-db.internal" })`, a URL naming it); a
        one-label name (a compose service) and this machine are not."""
        root, _, made = self.origin(source) if source is not None else (None, [], None)
        if root is None or made is None or _family(self.module(root)[0]) != "sql":
            return None
        text = self.src(made)
        values = [text] + [v for n in set(_NAME.findall(text)) if (v := self.consts.get(n)) is not None]
        hosts = [h for v in values for h in _HOST_FIELD.findall(v)] + \
            [h for v in values for u in _DB_URL.findall(v) if (h := url_host(u))]
        for h in hosts:
            if "." in h and not loopback(h) and not h.endswith((".local", ".test", ".example", ".localhost")):
                return h
        found = next((v for v in values if _PRODUCTION.search(v)), None)
        return "one named as production's" if found is not None else None

    def _store_call(self, meth: str, chain: list[str], family: str, node, what: str, obj) -> None:
        """A search engine's, vector store's, model hub's, Vercel's or Cloudflare's call: held when it deletes a
        whole index, collection, repository, project or zone (common_code.store_loss)."""
        loss = store_loss(family, chain, meth)
        if loss is None:
            return
        if family == "vector":  # an in-memory store (tests) loses nothing anyone keeps
            self._wipe(node, what, loss, obj)
        else:
            self.review("irreversible", irreversible_message(what, loss, family), node)

    def _tree_delete(self, q: str, args: list) -> bool:
        """`fs.rm(p, { recursive: true })`, `fse.remove(p)`, `rimraf(p)`: a call that deletes a whole tree."""
        mod, member = self.module(q)
        if (mod, member) in _TREE_REMOVES:
            return True
        return mod in ("fs", "fs/promises") and member in _RM_RECURSIVE and len(args) > 1 and \
            re.search(r"\brecursive\s*:\s*true", self.src(args[1])) is not None

    def built_path(self, node, depth: int) -> list[str] | None:
        """A path expression of TypeScript (common_code.run_paths): `process.cwd()` is `.`, `os.homedir()` and
        `process.env.HOME` are `~`; `path.join`/`resolve`/`dirname`, template strings and both arms of a `? :`
        are followed."""
        t = node.type
        if t in ("parenthesized_expression", "non_null_expression", "as_expression", "await_expression") and \
                node.named_children:
            return self.run_paths(node.named_children[0], depth + 1)
        if t == "identifier":  # const name = zsh ? ".zshrc" : ".bashrc" (names bound to a call are followed already)
            made = self.given(node, _CHOSEN)
            return self.run_paths(made, depth + 1) if made is not None and made.type in _CHOSEN else None
        if t == "ternary_expression":
            a, b = node.child_by_field_name("consequence"), node.child_by_field_name("alternative")
            both = [p for x in (a, b) if x is not None for p in self.run_paths(x, depth + 1) or ()]
            return both or None
        if t == "member_expression" and self.src(node) in ("process.env.HOME", "process.env.USERPROFILE"):
            return ["~"]
        if t == "template_string":
            out = [""]
            for c in node.named_children:
                if c.type == "template_substitution":
                    got = self.run_paths(c.named_children[0], depth + 1) if c.named_children else None
                    if got is None and out == [""]:
                        return None  # `${base}/x`: where it starts is unknown
                    out = [o + g for o in out for g in (got or [RUN_NAME])][:8]
                else:
                    out = [o + self.src(c) for o in out]
            return out
        if t != "call_expression":
            return None
        if b"wslpath" in self.doc.data[node.start_byte:node.end_byte]:
            from .. import paths

            folder = paths.windows_folder(self.src(node))  # `execSync("wslpath -u …%LOCALAPPDATA%…").trim()`
            if folder is not None:
                return [folder]
        mod, member = self.module(self.qualname(node.child_by_field_name("function")))
        args = self.args(node)
        if (mod, member) in (("os", "homedir"), ("os", "")) or (mod, member) == ("process", "cwd"):
            return ["~"] if mod == "os" else ["."]
        if mod == "path" and member in ("join", "resolve", "posix.join", "normalize") and args:
            return self.joined_paths(args[0], args[1:], depth)
        if mod == "path" and member == "dirname" and args:
            return [p for p in map(parent_path, self.run_paths(args[0], depth + 1) or ()) if p is not None] or None
        return None

    def _sql_tag(self, fn, node) -> bool:
        """sql`DROP TABLE ${t}`, prisma.$executeRaw`TRUNCATE users`: True when `node` is a tagged template."""
        arguments = node.child_by_field_name("arguments")
        if arguments is None or arguments.type != "template_string":
            return False
        text = self._sql_text(arguments)
        if text:
            self.sql_server(text, arguments)
        loss = sql_loss(text)
        if loss is not None:
            self._wipe(node, self.src(fn), f"runs SQL that {loss}", fn)
        return True

    def _db_target(self, q: str | None, node) -> None:
        mod = self.module(q)[0]
        if _family(mod) in ("sql", "mongo", "redis"):
            self.db_targets.append(mod in _MOCKS or self._throwaway_client(node))

    def _throwaway_client(self, made) -> bool:
        """Whether the client `made` opens a throwaway database: in memory or a temporary directory, this machine's
        server or a test copy (`new Client({ connectionString: "postgres://…@localhost:5432/app_test" })`, `host:
        "127.0.0.1"`, a `const` holding such a URL), or a testcontainers container's (`container.getConnectionUri()`)."""
        text = self.src(made)
        if ephemeral_db(None, text) or self._project_db_file(made):
            return True
        if _CONTAINER_URL.search(text) and any(v.startswith("@testcontainers/") or v == "testcontainers"
                                                for v in self.alias.values()):
            return True
        values = [text] + [v for n in set(_NAME.findall(text)) if (v := self.consts.get(n)) is not None]
        urls = [u for v in values for u in _DB_URL.findall(v)]
        hosts = [h for v in values for h in _HOST_FIELD.findall(v)]
        if not urls and not hosts:
            # `new Pool({ connectionString: process.env.DEV_DATABASE_URL })`: the user named it a development or test
            # copy (sql.throwaway_name), as a database's own name is read
            names = [a or b or c for a, b, c in _ENV_READ.findall(text)]
            return bool(names) and all(throwaway_name(n) for n in names)
        return all(local_url(u) for u in urls) and all(local_database(h, None) for h in hosts)

    def _project_db_file(self, made) -> bool:
        """`new Database("./tmp/cache.sqlite")` (bun:sqlite, better-sqlite3, sqlite3): a SQLite file in the project
        named as a development, test or scratch copy, data the project makes for its own work, as the Python rules
        read `sqlite3.connect("var/dev.sqlite3")`. A file named otherwise (`app.db`) or outside the project stays
        asked about."""
        from ..paths import relative
        from ..python.irreversible import dev_copy

        if made.type != "new_expression":
            return False
        mod = self.module(self.qualname(made.child_by_field_name("constructor")))[0]
        args = self.args(made)
        path = self.string(args[0]) if args and mod in _SQLITE_MODULES else None
        return bool(path) and "://" not in path and relative(path) is not None and dev_copy(path)

    def _drops_own(self, arg) -> bool:
        """`DROP TABLE "webhooks"` in a migration whose up step runs `CREATE TABLE "webhooks"` (sql.created)."""
        found = _DROP_NAME.search(self.src(arg))
        return found is not None and created(self.doc.data, found.group(1), found.group(2), arg.start_byte)

    def _local_brokers(self, made) -> bool:
        """Whether the kafkajs client `made` (`new Kafka({ brokers: ["localhost:9092"] })`) names brokers of this
        machine only."""
        if made is None:
            return False
        args = self.args(made) if made.type in ("new_expression", "call_expression") else []
        brokers = self._field(args[0], "brokers") if args and args[0].type == "object" else None
        if brokers is None or brokers.type != "array":
            return False
        servers = [self.string(b) for b in brokers.named_children]
        return bool(servers) and all(s is not None and local_database(s.rsplit(":", 1)[0], None) for s in servers)

    def _redis_plant(self, meth: str, node, args: list) -> bool:
        """`redis.config("SET", "dir", "/root/.ssh")`, `client.configSet("dbfilename", "authorized_keys")`,
        `redis.call("CONFIG", "SET", …)`, `sendCommand(["CONFIG", "SET", …])` (also under a computed name:
        `r[["con", "fig"].join("")](…)`): Redis told to write its snapshot where the system runs or trusts it
        (sql.redis_plant), blocked as persistence. True when it blocked."""
        items = args[0].named_children if len(args) == 1 and args[0].type == "array" else args
        words = [self.string(a) for a in items]
        if meth == "config":
            words = words[1:] if words and (words[0] or "").lower() == "set" else []
        found = redis_planted_pair(words, command=meth not in ("config", "configSet"))
        if found is None:
            return False
        fn = node.child_by_field_name("function")
        self.block("persistence", redis_plant_message(self.src(fn)[:40] if fn is not None else meth, *found), node)
        return True

    def _goes_public(self, opts) -> bool:
        if opts.type != "object":
            return False
        private, vis = self._field(opts, "private"), self._field(opts, "visibility")
        return (private is not None and self.src(private) == "false") or (vis is not None and self.string(vis) == "public")

    def _imports(self, modules: set[str]) -> bool:
        """Whether the code imports one of `modules` (or a subpath: drizzle-orm/node-postgres)."""
        return any(self.module(v)[0] in modules or self.module(v)[0].split("/")[0] in modules
                   for v in self.alias.values())

    def _sql_text(self, node) -> str | None:
        """SQL with run-time values as a placeholder (`${table}` in a template, `+ name`)."""
        v = self.string(node)
        if v is not None:
            return v
        if node.type == "object":  # pg's { text: "…" }, mysql's { sql: "…" }
            field = self._field(node, "text") or self._field(node, "sql")
            return self._sql_text(field) if field is not None else None
        if node.type == "template_string":
            out = []
            for c in node.named_children:
                if c.type == "template_substitution":
                    inner = c.named_children[0] if c.named_children else None
                    s = self.string(inner) if inner is not None else None
                    out.append(s if s is not None else SQL_PLACEHOLDER)
                else:
                    out.append(self.src(c))
            return "".join(out)
        if node.type == "binary_expression":
            left = self._sql_text(node.child_by_field_name("left"))
            if left is None:
                return None
            right = self._sql_text(node.child_by_field_name("right"))
            return left + (right if right is not None else SQL_PLACEHOLDER)
        return None

    def _own_database(self, source) -> bool:
        """Whether the client `source` reaches a throwaway database (this machine's, a test copy's) by its making."""
        root, _, call = self.origin(source) if source is not None else (None, [], None)
        return root is not None and call is not None and _family(self.module(root)[0]) in ("sql", "mongo", "redis") \
            and (self.module(root)[0] in _MOCKS or self._throwaway_client(call))

    def _wipe(self, node, what: str, loss: str, source) -> None:
        """A database wipe, judged at the end (the throwaway database may be opened later)."""
        root, _, call = self.origin(source) if source is not None else (None, [], None)
        throwaway = None
        if root is not None and call is not None and _family(self.module(root)[0]) in ("sql", "mongo", "redis"):
            throwaway = self.module(root)[0] in _MOCKS or self._throwaway_client(call)
        self.wipes.append((node, irreversible_message(what, loss, None), throwaway))



def _verb(name: str) -> str:
    return "terminates" if name.lower().startswith("terminate") else "purges" if name.lower().startswith("purge") else \
        "deregisters" if name.lower().startswith("deregister") else "deletes"


def _resource(meth: str) -> str:
    """`deleteDBInstance` -> `the DB instance`, `beginDeleteAndWait` -> `the resource`."""
    rest = re.sub(r"^(?:beginDelete|delete|terminate|purge|deregister)", "", meth, flags=re.I)
    rest = re.sub(r"(?:AndWait)$", "", rest)
    words = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", rest).strip().lower()
    return f"the {words}" if words else "the resource"
