"""Another process's memory or environment named through a run-time pid (`f"/proc/{pid}/mem"`,
`` `/proc/${pid}/environ` ``): read as `/proc/*/mem`, a secret whatever the process. A held-out CI batch
(2026-11-23) scraped a runner's masked secrets from its memory this way, and was allowed."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked


@pytest.mark.parametrize("source,lang", [
    ('pid = find_runner()\nwith open(f"/proc/{pid}/mem", "rb", 0) as m:\n    m.seek(s); data = m.read(n)', "python"),
    ("env = open(f'/proc/{p}/environ').read().split('\\0')", "python"),
    ('import fs from "fs";\nconst mem = fs.openSync(`/proc/${pid}/mem`, "r");', "typescript"),
    ('import { readFileSync } from "fs";\nconst env = readFileSync(`/proc/${p.pid}/environ`, "utf8");', "typescript"),
])
def test_other_processes_memory_and_environment(source: str, lang: str) -> None:
    assert_blocked(source, "secret-read", lang)


@pytest.mark.parametrize("source,lang", [
    ('print(open(f"/proc/{pid}/cmdline").read())', "python"),
    ("status = open(f'/proc/{os.getpid()}/status').read()", "python"),
    ('rss = open(f"/proc/{pid}/statm").read().split()[1]', "python"),
    ('msg = f"see /proc/{pid} for details"', "python"),
    ('import fs from "fs";\nconst s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");', "typescript"),
    ('const url = `/api/proc/${id}/mem`;', "typescript"),
])
def test_other_proc_files_stay_allowed(source: str, lang: str) -> None:
    assert_allowed(source, lang)
