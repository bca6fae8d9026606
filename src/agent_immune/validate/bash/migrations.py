"""Database migration tools and application runners pointed at a shared database (rule `irreversible`, review).

`alembic downgrade base`, `knex migrate:rollback --all`, `python manage.py migrate billing zero`, `mix ecto.drop`,
`flyway clean`, `bin/rails runner 'Order.delete_all'`: each unapplies migrations (the tables and columns they made go
with their data) or deletes rows through the application's models, on the database the application's configuration
points at. On the developer's own database that is the ordinary loop (roll a migration back, fix it, apply it again;
reset the dev database), so they are held only when the command itself says the database is another one:

- an environment named as production or another shared stage: `RAILS_ENV=production`, `MIX_ENV=prod`,
  `NODE_ENV=production`, `--env production`, `-e production`, `--settings=config.settings.prod`,
  `DJANGO_SETTINGS_MODULE=app.settings.staging`, `-c alembic.prod.ini`;
- a database URL of another machine, or a variable named for one: `DATABASE_URL=ecto://…@pg-prod.acme.internal/shop`,
  `DATABASE_URL="$STAGING_DATABASE_URL"`, `-database "$PROD_DB_URL"`, `--url=jdbc:postgresql://db.prod.example/app`.

A database URL of this machine (`localhost`, `127.0.0.1`) or an environment named development or test keeps the
command allowed; so does one the command does not name (the project's own default).
"""
from __future__ import annotations

import re
from typing import Callable

from .. import sql
from .commands import Cmd, base_name, option_value, positionals
from .common import mentions
from .infra import ENV_VARS, _held, development_env
from .words import Word

# variables naming the environment the application runs in (infra.ENV_VARS), and those holding its database's URL
_ENV_VARS = ENV_VARS
_URL_VAR = re.compile(r"(?:^|_)(?:DATABASE_URL|DATABASE_URI|DB_URL|DB_URI|DSN)$")
_JDBC = re.compile(r"^jdbc:(?=\w+:)")
_VAR_NAME = re.compile(r"\$\{?([A-Za-z_]\w*)")


def _word_text(w: Word) -> str:
    return w.value if w.value is not None else w.text


def _elsewhere_url(w: Word) -> str | None:
    """What a database URL word names when it is not this machine's nor a development one: a variable named for a
    shared stage (`$STAGING_DATABASE_URL`), a URL whose host is another machine's (a name with a dot or an address)
    or whose database is production's. None for a local, one-label (a compose service) or unknown one."""
    from ..hosts import loopback, url_host

    text = _JDBC.sub("", _word_text(w).strip())
    names = _VAR_NAME.findall(text)
    if w.value is None and any(sql.production_name(n) for n in names):
        return text
    if "://" not in text:
        return None
    host = url_host(text)
    if host and not loopback(host) and ("." in host or ":" in host) and "$" not in host:
        return host
    if sql.production_name(text.rsplit("/", 1)[-1].split("?", 1)[0]):
        return text
    return None


_EARLIER_URLS = ("DATABASE_URL", "DB_URL", "GOOSE_DBSTRING")


def _earlier(a, cmd: Cmd, name: str) -> Word:
    """The value a variable was given earlier in the script, as a word: its text when computed (`export
    DATABASE_URL=$PROD_DATABASE_URL`), so the name of the variable it came from can still be read."""
    v = a.ev.vars.get(name)
    if v is not None:
        return Word(cmd.node, v, v)
    from .net import assignments_before

    found = [n for n in assignments_before(a, cmd.node, name) if n.type == "variable_assignment"]
    text = a.src(found[-1].child_by_field_name("value")) if found else "$" + name
    return Word(cmd.node, None, text)


def _values(args: list[Word], names: tuple[str, ...]) -> list[Word]:
    """option_value, and Java's and Go's one-dash `-url=VALUE` too."""
    out = option_value(args, *names) if names else []
    for w in args:
        key, eq, val = (w.value or "").partition("=")
        if eq and key in names and not key.startswith("--"):
            out.append(Word(w.node, val, val))
    return out


def _shared(a, cmd: Cmd, env_options: tuple[str, ...] = (), url_options: tuple[str, ...] = ()) -> str | None:
    """Where the command says its database is when that is production, a shared stage or another machine, in words
    for the message (`RAILS_ENV=production`, `pg-prod.acme.internal`); None when it names no such database."""
    assigned = dict(cmd.assigns)
    env_words: list[tuple[str, Word]] = [(n, w) for n, w in cmd.assigns if n in _ENV_VARS or _URL_VAR.search(n)]
    for name in (*_ENV_VARS, *_EARLIER_URLS):
        if name not in assigned and name in a.ev.vars:  # `export RAILS_ENV=production` earlier in the script
            env_words.append((name, _earlier(a, cmd, name)))
    for name, w in env_words:
        if _URL_VAR.search(name) or name in _EARLIER_URLS:
            where = _elsewhere_url(w)
            if where is not None:
                return f"{name}={_word_text(w)}"
        elif sql.production_name(_word_text(w)):
            return f"{name}={_word_text(w)}"
    for w in _values(cmd.args, env_options):
        if sql.production_name(_word_text(w)):
            return f"{_word_text(w)}"
    for w in _values(cmd.args, url_options):
        where = _elsewhere_url(w)
        if where is not None:
            return where
    for w in cmd.args:  # `rake db:drop RAILS_ENV=production`, `alembic -x db_url=postgres://…`
        v = w.value or ""
        key, eq, val = v.partition("=")
        if eq and key in _ENV_VARS and sql.production_name(val):
            return v
        if eq and _URL_VAR.search(key.upper()) and _elsewhere_url(Word(w.node, val, val)) is not None:
            return v
    return None


_INSTEAD = ("run it on a local copy of the database first, take a dump (`pg_dump`) or snapshot, and let the user run "
            "it")


def _hold(a, cmd: Cmd, shown: str, lost: str, where: str) -> None:
    _held(a, cmd, shown, f"{lost} on the database {where} names", _INSTEAD)


# -- Python: alembic, Django -----------------------------------------------------------------------------------------
_ALEMBIC_ARG = frozenset({"-c", "--config", "-n", "--name", "-x", "--raiseerr"})


def _alembic(a, cmd: Cmd) -> None:
    """`alembic downgrade base|-1|REV`: the migrations after the target are unapplied (their tables and columns
    dropped with their data); `--sql` only prints the SQL."""
    path = [w.value for w in positionals(cmd.args, _ALEMBIC_ARG)[:2]]
    if path[:1] != ["downgrade"] or "--sql" in cmd.values():
        return
    where = _shared(a, cmd, ("-c", "--config", "-n", "--name"), ()) or _alembic_x(cmd)
    if where is not None:
        target = path[1] if len(path) > 1 and path[1] else "…"
        _hold(a, cmd, f"alembic downgrade {target}", "unapplies migrations (the tables and columns they added are "
              "dropped with their data)", where)


def _alembic_x(cmd: Cmd) -> str | None:
    """`alembic -x db_url=postgres://…prod… downgrade`, `-x env=production`: the values a project's env.py reads."""
    for w in option_value(cmd.args, "-x"):
        key, eq, val = (w.value or "").partition("=")
        if eq and (key.lower() in ("env", "environment", "stage") and sql.production_name(val) or
                   "url" in key.lower() and _elsewhere_url(Word(w.node, val, val)) is not None):
            return w.value
    return None


_DJANGO_ARG = frozenset({"--settings", "--pythonpath", "--database", "-v", "--verbosity"})


def _django(a, cmd: Cmd) -> None:
    """`python manage.py migrate billing zero --settings=config.settings.prod` (also `django-admin`, `python -m
    django`): every migration of the app unapplied, its tables dropped with their rows."""
    words = [w for w in cmd.words]
    rest: list[Word] | None = None
    if cmd.name == "django-admin":
        rest = words[1:]
    else:
        for i, w in enumerate(words[1:5], 1):
            v = w.value or ""
            if base_name(v) == "manage.py" or v == "django" and words[i - 1].value == "-m":
                rest = words[i + 1:]
                break
    if rest is None:
        return
    path = [w.value for w in positionals(rest, _DJANGO_ARG)[:3]]
    if path[:1] != ["migrate"] or path[2:3] != ["zero"] or "--plan" in cmd.values():
        return
    where = _shared(a, cmd, ("--settings", "--database"))
    if where is not None:
        _hold(a, cmd, f"manage.py migrate {path[1] or '…'} zero", "unapplies every migration of the app (its tables "
              "are dropped with their rows)", where)


# -- JavaScript: knex, Sequelize --------------------------------------------------------------------------------------
_KNEX_VERBS = {"migrate:rollback": "rolls back the last batch of migrations (with --all, every one)",
               "migrate:down": "unapplies a migration", "migrate:unlock": None}


def _knex(a, cmd: Cmd) -> None:
    path = [w.value for w in positionals(cmd.args, frozenset({"--env", "--knexfile", "--cwd", "--client",
                                                               "--connection", "--migrations-directory"}))[:1]]
    lost = _KNEX_VERBS.get(path[0] or "") if path else None
    if lost is None:
        return
    where = _shared(a, cmd, ("--env", "--knexfile"), ("--connection",))
    if where is not None:
        _hold(a, cmd, f"knex {path[0]}{' --all' if '--all' in cmd.values() else ''}",
              f"{lost}, dropping the tables and columns they made with their data", where)


_SEQUELIZE_VERBS = {"db:migrate:undo": "unapplies the last migration", "db:migrate:undo:all": "unapplies every "
                    "migration", "db:seed:undo:all": "deletes every row the seeders put in",
                    "db:seed:undo": "deletes the rows a seeder put in"}


def _sequelize(a, cmd: Cmd) -> None:
    path = [w.value for w in positionals(cmd.args, frozenset({"--env", "--url", "--config", "--options-path",
                                                               "--migrations-path", "--seeders-path", "--name",
                                                               "--to", "--seed"}))[:1]]
    lost = _SEQUELIZE_VERBS.get(path[0] or "") if path else None
    if lost is None:
        return
    where = _shared(a, cmd, ("--env", "--config"), ("--url",))
    if where is not None:
        _hold(a, cmd, f"{cmd.name} {path[0]}", f"{lost}, dropping what they made with its data", where)


# -- Elixir, Ruby ----------------------------------------------------------------------------------------------------
_ECTO = {"ecto.drop": "drops the database with every table and row in it",
         "ecto.reset": "drops the database and creates it again from the migrations and seeds (every row is lost)",
         "ecto.rollback": "unapplies migrations (the tables and columns they made are dropped with their data)"}


def _mix(a, cmd: Cmd) -> None:
    task = next((v for v in cmd.values() if v in _ECTO), None)
    if task is None:
        return
    where = _shared(a, cmd, ("-r", "--repo"))
    if where is not None:
        _hold(a, cmd, f"mix {task}", _ECTO[task], where)


# Ruby that deletes or rewrites rows through the models, or drops tables through the connection
_RUBY_LOSS = re.compile(r"\.(?:delete_all|destroy_all|update_all|truncate|purge)\b|\b(?:drop_table|truncate_tables?|"
                        r"drop_database|purge_current_database)\b|\.connection\.execute\b")


def _rails(a, cmd: Cmd) -> None:
    """`RAILS_ENV=production bin/rails runner 'Order.delete_all'` (`rails r`, `-e production`): rows deleted through
    the application's models on the production database; infra.py holds the `db:` tasks. A runner in development or
    test is the ordinary loop."""
    path = positionals(cmd.args, frozenset({"-e", "--environment"}))
    if not path or path[0].value not in ("runner", "r"):
        return
    code = " ".join(_word_text(w) for w in path[1:])
    found = _RUBY_LOSS.search(code)
    loss = found.group(0).strip(".") if found is not None else None
    if loss is None:
        sql_loss = sql.loss(code)
        loss = sql_loss.statement() if sql_loss is not None else None
    if loss is None or development_env(cmd):
        return
    where = _shared(a, cmd, ("-e", "--environment"))
    if where is not None:
        _hold(a, cmd, f"rails runner … {loss}", "deletes or rewrites rows through the application's models",
              where)


# -- migration runners of any language: golang-migrate, goose, Flyway, Liquibase, dbmate ------------------------------
_GO_MIGRATE_ARG = frozenset({"-database", "--database", "-path", "--path", "-source", "--source", "-lock-timeout",
                             "-prefetch"})


def _go_migrate(a, cmd: Cmd) -> None:
    """`migrate -database "$PROD_DB_URL" -path db/migrations down -all`, `migrate … drop -f`."""
    path = [w.value for w in positionals(cmd.args, _GO_MIGRATE_ARG)[:1]]
    if path not in (["down"], ["drop"]):
        return
    where = _shared(a, cmd, (), ("-database", "--database"))
    if where is not None:
        lost = "drops everything in the database" if path[0] == "drop" else "unapplies migrations (their tables and " \
            "columns go with their data)"
        _hold(a, cmd, f"migrate {path[0]}", lost, where)


def _goose(a, cmd: Cmd) -> None:
    """`goose postgres "postgres://…@db.prod/app" reset` (or `down-to 0`, `down`), GOOSE_DBSTRING in the environment."""
    words = positionals(cmd.args, frozenset({"-dir", "--dir", "-table", "--table", "-env", "--env", "-certfile",
                                             "-ssl-cert", "-ssl-key"}))
    verbs = [w.value for w in words]
    verb = next((v for v in verbs if v in ("reset", "down", "down-to")), None)
    if verb is None:
        return
    # `goose DRIVER DBSTRING VERB`: the string is a URL, a `key=value` list, or a variable (`"$PROD_DATABASE_URL"`)
    urls = [w for w in words[:2] if "://" in _word_text(w) or "=" in _word_text(w) or
            w.value is None and "$" in w.text]
    where = next((x for w in urls for x in [_elsewhere_url(w)] if x), None)
    where = where or _shared(a, cmd) or next((f"GOOSE_DBSTRING={_word_text(w)}" for n, w in cmd.assigns
                                              if n == "GOOSE_DBSTRING" and _elsewhere_url(w)), None)
    if where is not None:
        _hold(a, cmd, f"goose {verb}", "unapplies migrations (with reset, every one: their tables go with their data)",
              where)


_JVM_DROPS = {"flyway": {"clean": "drops every object (tables and their data) in the configured schemas"},
              "liquibase": {"drop-all": "drops every table, view and sequence of the database",
                            "dropAll": "drops every table, view and sequence of the database",
                            "rollback-count": "rolls back changesets (what they made goes with its data)",
                            "rollbackCount": "rolls back changesets (what they made goes with its data)",
                            "rollback": "rolls back changesets (what they made goes with its data)",
                            "rollback-to-date": "rolls back changesets (what they made goes with its data)"}}


def _jvm(a, cmd: Cmd) -> None:
    """`flyway -url=jdbc:postgresql://db.prod.example/app clean`, `liquibase --url=… drop-all`."""
    verbs = _JVM_DROPS[cmd.name]
    verb = next((v for v in cmd.values() if v in verbs), None)
    if verb is None:
        return
    where = _shared(a, cmd, ("-environments", "--environment"), ("-url", "--url"))
    if where is not None:
        _hold(a, cmd, f"{cmd.name} {verb}", verbs[verb], where)


# Flyway's and Liquibase's Gradle and Maven tasks (`./gradlew flywayClean -Pflyway.url=…`, `mvn flyway:clean
# -Dflyway.url=…`): the same drops, their settings given as build properties
_BUILD_DROPS = {"flywayclean": "flyway", "flyway:clean": "flyway", "liquibasedropall": "liquibase",
                "liquibase:dropall": "liquibase", "liquibaserollbackcount": "liquibase",
                "liquibase:rollback": "liquibase"}
_BUILD_URL = re.compile(r"^-[PD](?:flyway|liquibase)\.url=(.+)$")


def _build_db(a, cmd: Cmd) -> None:
    """`./gradlew flywayClean -Pflyway.url=jdbc:postgresql://orders-db.prod.internal:5432/orders`."""
    task = next((v for v in cmd.values() if v and v.lower() in _BUILD_DROPS), None)
    if task is None:
        return
    urls = [Word(w.node, m.group(1), m.group(1)) for w in cmd.args if w.value and (m := _BUILD_URL.match(w.value))]
    where = next((u for u in map(_elsewhere_url, urls) if u is not None), None) or _shared(a, cmd)
    if where is not None:
        _hold(a, cmd, f"{cmd.name} {task}", "drops every object (tables and their data) in the configured schemas"
              if "clean" in task.lower() or "drop" in task.lower() else "rolls back changesets (what they made goes "
              "with its data)", where)


def _dbmate(a, cmd: Cmd) -> None:
    path = [w.value for w in positionals(cmd.args, frozenset({"-u", "--url", "-e", "--env", "-d", "--migrations-dir",
                                                               "-s", "--schema-file", "--wait-timeout"}))[:1]]
    if path not in (["drop"], ["rollback"], ["down"]):
        return
    where = _shared(a, cmd, (), ("-u", "--url"))
    if where is None:
        env = option_value(cmd.args, "-e", "--env")  # `dbmate -e PROD_DATABASE_URL drop`: the variable's name
        where = next((w.value for w in env if w.value and sql.production_name(w.value)), None)
    if where is not None:
        lost = "drops the database with every table and row in it" if path[0] == "drop" else \
            "unapplies the last migration (its tables and columns go with their data)"
        _hold(a, cmd, f"dbmate {path[0]}", lost, where)


# -- rows deleted by a WHERE on a shared database, from a SQL client (session 20) ------------------------------------
# `psql "$PROD_DATABASE_URL" -c "delete from abandoned_carts where updated_at < now() - interval '90 days'"`: every row
# the condition matches goes, on production's database, as the same statement run through a Python or TypeScript
# driver is held (sql.bulk_delete). infra.py holds what loses every row (no WHERE, DROP, TRUNCATE) on any database not
# this machine's; a delete of one item by its key, and any delete on this machine's or an unnamed database, stay
# allowed.
_SQL_CLIENTS = ("psql", "mysql", "mariadb")


def _far_host(host: str) -> bool:
    from ..hosts import loopback

    h = host.strip().lower()
    return bool(h) and "$" not in h and "." in h and not loopback(h) and \
        not h.endswith((".local", ".test", ".example", ".localhost", ".internal.test"))


def _sql_where(a, cmd: Cmd) -> str | None:
    """The production, shared-stage or other machine's database the client's own words name, or None."""
    from .infra import _MYSQL_ARG, _PSQL_ARG

    mysql = cmd.name != "psql"
    targets = positionals(cmd.args, _MYSQL_ARG if mysql else _PSQL_ARG)[:1]
    targets += option_value(cmd.args, *(("-D", "--database") if mysql else ("-d", "--dbname")))
    for w in targets:
        text = _word_text(w)
        where = _elsewhere_url(w)
        if where is not None:
            return where
        if "://" not in text and "=" not in text and sql.production_name(text.lstrip("$").strip("{}\"'")):
            return text
        for key, val in re.findall(r"(?:^|\s)(host|dbname)\s*=\s*'?([^'\s]*)", text):
            if sql.production_name(val) or key == "host" and _far_host(val):
                return val
    for w in option_value(cmd.args, "-h", "--host"):
        text = _word_text(w)
        if sql.production_name(text) or _far_host(text):
            return text
    return _shared(a, cmd)


def _sql_bulk(a, cmd: Cmd) -> None:
    from .exec import stdin_text
    from .infra import _SQL_OPTIONS

    options, cluster = _SQL_OPTIONS[cmd.name]
    texts = [(_word_text(w), w.node) for w in option_value(cmd.args, *options, cluster=cluster)]
    fed = stdin_text(a, cmd)
    if fed is not None:
        texts.append((fed[0], fed[2] or cmd.node))
    for text, node in texts:
        table = sql.bulk_delete(text) if sql.loss(text) is None else None
        if table is None:
            continue
        where = _sql_where(a, cmd)
        if where is not None:
            _held(a, cmd, f"{cmd.name} … DELETE FROM {table} WHERE …", f"deletes every row of {table} its WHERE "
                  f"matches on the database {where} names (production's, a shared stage's or another machine's)",
                  "count them first (`SELECT count(*) … WHERE …`), take a dump or snapshot, and let the user run "
                  "it",
                  node)
            return


# -- Rust's and Go's database tools: sqlx, diesel, SeaORM, Atlas (session 22) ----------------------------------------
# verb path -> what is lost. Each reads its URL from an option or DATABASE_URL (the project's `.env`, unnamed here:
# the developer's own database, allowed)
_RUST_DB = {
    "sqlx": ({("database", "drop"): "drops the database with every table and row in it",
              ("db", "drop"): "drops the database with every table and row in it",
              ("database", "reset"): "drops the database and creates it again from the migrations (every row is lost)",
              ("db", "reset"): "drops the database and creates it again from the migrations (every row is lost)",
              ("migrate", "revert"): "unapplies the last migration (its tables and columns go with their data)"},
             ("-D", "--database-url"), frozenset({"-D", "--database-url", "--source", "--connect-timeout",
                                                  "--target-version"})),
    "diesel": ({("database", "reset"): "drops the database and creates it again from the migrations (every row is "
                                       "lost)",
                ("database", "drop"): "drops the database with every table and row in it",
                ("migration", "revert"): "unapplies migrations (their tables and columns go with their data)",
                ("migration", "redo"): "unapplies migrations and applies them again (what they made loses its data)"},
               ("--database-url",), frozenset({"--database-url", "--config-file", "--migration-dir",
                                               "--locked-schema", "-n", "--number"})),
    "sea-orm-cli": ({("migrate", "fresh"): "drops every table and applies the migrations again (every row is lost)",
                     ("migrate", "refresh"): "unapplies every migration and applies them again (every row is lost)",
                     ("migrate", "reset"): "unapplies every migration (the tables go with their data)",
                     ("migrate", "down"): "unapplies migrations (their tables go with their data)"},
                    ("-u", "--database-url"), frozenset({"-u", "--database-url", "-d", "--migration-dir", "-s",
                                                         "--database-schema", "-n", "--num"})),
    "atlas": ({("schema", "clean"): "drops every object of the schema (tables with their rows)",
               ("migrate", "down"): "unapplies migrations (what they made goes with its data)"},
              ("-u", "--url"), frozenset({"-u", "--url", "--env", "-c", "--config", "--dir", "--dev-url", "--var",
                                          "--to-version", "--to-tag", "--schema", "-s", "--exclude"})),
}


def _rust_db(a, cmd: Cmd) -> None:
    """`sqlx database drop -y --database-url postgres://app@db.staging.internal/orders`, `diesel database reset
    --database-url "$STAGING_DATABASE_URL"`, `atlas schema clean -u "$PROD_DB_URL" --auto-approve`."""
    verbs, url_options, with_arg = _RUST_DB[cmd.name]
    path = tuple(w.value for w in positionals(cmd.args, with_arg)[:2])
    lost = verbs.get(path)  # type: ignore[arg-type]
    if lost is None:
        return
    where = _shared(a, cmd, ("--env",) if cmd.name == "atlas" else (), url_options)
    if where is not None:
        _hold(a, cmd, f"{cmd.name} {' '.join(path)}", lost, where)  # type: ignore[arg-type]


HANDLERS: dict[str, list[Callable]] = {
    **{n: [_rust_db] for n in _RUST_DB},
    "alembic": [_alembic], "python": [_django], "django-admin": [_django], "knex": [_knex],
    "sequelize": [_sequelize], "sequelize-cli": [_sequelize], "mix": [_mix], "rails": [_rails],
    "migrate": [_go_migrate], "goose": [_goose], "flyway": [_jvm], "liquibase": [_jvm], "dbmate": [_dbmate],
    **{n: [_sql_bulk] for n in _SQL_CLIENTS},
    **{n: [_build_db] for n in ("gradlew", "gradle", "mvn", "mvnw")},
}

# The words each handler reads (quotes and backslashes removed), for the shortcut (bash/fastpath.py): `alembic
# upgrade head`, `knex migrate:latest`, `mix test`, `rails server` keep it.
SCREENS: dict = {
    "alembic": mentions("downgrade"), **dict.fromkeys(("python", "django-admin"), mentions(words=("zero",))),
    "knex": mentions("migrate:rollback", "migrate:down"),
    **dict.fromkeys(("sequelize", "sequelize-cli"), mentions(":undo")), "mix": mentions("ecto."),
    "rails": mentions(words=("runner", "r")), "migrate": mentions(words=("down", "drop")),
    "goose": mentions(words=("reset", "down", "down-to")), "flyway": mentions("clean"),
    **dict.fromkeys(("gradlew", "gradle", "mvn", "mvnw"), mentions("flywayClean", "flyway:clean", "liquibase", fold=True)),
    "liquibase": mentions("drop", "rollback", fold=True), "dbmate": mentions(words=("drop", "rollback", "down")),
    **dict.fromkeys(_SQL_CLIENTS, mentions("delete", fold=True)),
    "sqlx": mentions(words=("drop", "reset", "revert")), "diesel": mentions(words=("reset", "drop", "revert", "redo")),
    "sea-orm-cli": mentions(words=("fresh", "refresh", "reset", "down")), "atlas": mentions(words=("clean", "down")),
}

