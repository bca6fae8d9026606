"""Patterns of bash/ whose matches changed to read long input in linear time, with the code that reads them: what the
rules decide stays what it was."""
from __future__ import annotations

from agent_immune.validate.bash import ecosystems, files, history


def test_an_unclosed_brace_leaves_a_path_without_shape() -> None:
    # `\$\{[^}]*+(?:\}|\Z)` takes the rest of the text after a `${` with no `}`, left as it is
    assert files._dynamic_shape("/x/${a$b") is None
    assert files._dynamic_shape("/a/${x}/${y") is None
    assert files._dynamic_shape("/home/${USER:-${LOGNAME}}/.ssh/id_rsa") == "/home/_}/.ssh/id_rsa"
    assert files._dynamic_shape("/home/${USER}/.aws/credentials") == "/home/_/.aws/credentials"


def test_a_forced_add_is_found_from_the_first_add_of_its_command() -> None:
    # `_FORCED_ADD` takes every `add …`; the flag is looked for in code, with the character that ends the command
    assert history._forced_secret("git add .env add -f") == ".env"
    assert history._forced_secret("git add -f .env") == ".env"
    assert history._forced_secret("git add .env; ls -f") is None
    assert history._forced_secret("git add .env -f && ls") == ".env"


def test_a_let_is_bound_when_an_equals_sign_follows_its_name() -> None:
    # `_RUST_LET` no longer reads to the `=`: `_env_names` searches up to the head's last one
    assert ecosystems._env_names("fn main() { let env /* let */ = std::env::vars(); }") == ["env"]
    assert ecosystems._env_names("fn main() { let mut all: Vec<_> = env::vars().collect(); }") == ["all"]
    assert ecosystems._env_names("fn main() { let x; env::vars(); }") == []


def test_a_nuget_fragment_reads_each_entry_once() -> None:
    text = '<add key="a" value="http://10.0.0.1/feed"/>\n<add key="http_proxy" value="http://proxy:8080"/>'
    assert ecosystems._xml_sources("NuGet.Config", text) == ["http://10.0.0.1/feed"]
