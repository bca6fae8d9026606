"""The commands a Rust build script starts, read as the argv they are (session 18).

`Command::new("curl").args(["-s", "-F", &format!("c=@{}/.cargo/credentials.toml", home), "https://…"])` in a
`build.rs`: no one string literal of it is a command (bash/ecosystems.py judges the literals holding a space, and a
literal that is a credential path on its own), yet `cargo build` runs `curl -s -F c=@~/.cargo/credentials.toml
https://…`. Each `Command::new(PROGRAM)` chain (`.arg(X)`, `.args([X, Y])`, up to the `;` that ends it) is read as
one command line: string literals as themselves, `format!("…")` as its format string with a slot before a `/` read
as the home folder when the script reads HOME, any other expression as a word the shell does not know (`${ARG}`).
"""
from __future__ import annotations

import re

_NEW = re.compile(r"\bCommand::new\s*\(")
_LITERAL = r'r(#*)"(.*?)"\1|"((?:[^"\\]|\\.)*)"'
_TOKEN = re.compile(r'\s*(?:&\s*)?(?:format!\s*\(\s*(?:' + _LITERAL + r')[^()]*(?:\([^()]*\)[^()]*)*\)|(?:' +
                    _LITERAL.replace(r"\1", r"\4") + r')(?:\s*\.\s*to_(?:string|owned)\(\s*\))?|([^,\[\]()]+))\s*',
                    re.S)
# matched just past a bracket; the blanks before the dot are read only from where they start (`(?<!\s)`), as a search
# from inside a blank run read the rest of it from each start
_CALL = re.compile(r"(?:(?<!\s)\s*+)?\.\s*+(arg|args|env|envs|current_dir|stdin|stdout|stderr|status|output|spawn|"
                   r"env_clear|env_remove|[a-z_]+)\s*+\(")
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", "0": "\0"}
_HOME_READ = re.compile(r"env::var(?:_os)?\(\s*\"HOME\"\s*\)|\bhome_dir\s*\(")
_SLOT = re.compile(r"\{[A-Za-z_]?\w*(?::\??)?\}")
_CAP = 32  # chains read per file
_HOME, _ARG = "\x00H\x00", "\x00A\x00"  # a slot: the home folder's path, a value known only at run time
_PLAIN = re.compile(r"[\w@%+=:,./-]*")


def _close(text: str, at: int) -> int:
    """The index just past the `)` or `]` that closes the bracket opened just before `at` (strings skipped)."""
    depth, i = 1, at
    while i < len(text) and depth:
        c = text[i]
        if c == '"':
            m = re.compile(r'"(?:[^"\\]|\\.)*"', re.S).match(text, i)
            i = m.end() if m else i + 1
            continue
        depth += c in "([{"
        depth -= c in ")]}"
        i += 1
    return i


def _word(m: re.Match, home: bool) -> str:
    if m.group(1) is not None or m.group(2) is not None or m.group(3) is not None:  # format!("…", …)
        raw = m.group(2) if m.group(2) is not None else _ESCAPE.sub(lambda e: _ESCAPES.get(e.group(1), e.group(1)),
                                                                     m.group(3) or "")
        return _SLOT.sub(lambda s: _HOME if home and raw[s.end():s.end() + 1] == "/" else _ARG, raw)
    if m.group(5) is not None:
        return m.group(5)
    if m.group(6) is not None:
        return _ESCAPE.sub(lambda e: _ESCAPES.get(e.group(1), e.group(1)), m.group(6))
    return _ARG


def _quoted(word: str) -> str:
    """`word` as a shell word, with the home folder's and the unknown values' slots as variables."""
    if _PLAIN.fullmatch(word.replace(_HOME, "").replace(_ARG, "")):
        body = word
    else:
        body = '"' + re.sub(r'([\\"$`])', r"\\\1", word) + '"'
    return body.replace(_HOME, "${HOME}").replace(_ARG, "${ARG}")


def _items(inner: str, home: bool) -> list[str]:
    inner = inner.strip()
    if inner.startswith(("[", "&[", "vec![")):
        inner = inner[inner.index("[") + 1:inner.rindex("]")] if "]" in inner else inner[inner.index("[") + 1:]
    out, at = [], 0
    while at < len(inner):
        m = _TOKEN.match(inner, at)
        if m is None or m.end() == at:
            break
        if m.group(0).strip():
            out.append(_word(m, home))
        at = m.end()
        if at < len(inner) and inner[at] == ",":
            at += 1
    return out


def command_lines(text: str) -> list[str]:
    """The command line of each `Command::new(…)` chain of the Rust source `text` (a program given by a variable is
    `${ARG}`)."""
    if "Command::new" not in text:
        return []
    home = _HOME_READ.search(text) is not None
    out = []
    for m in _NEW.finditer(text):
        end = _close(text, m.end())
        argv = _items(text[m.end():end - 1], home)[:1]
        at = end
        while (call := _CALL.match(text, at)) is not None and len(argv) < 64:
            close = _close(text, call.end())
            if call.group(1) in ("arg", "args"):
                argv += _items(text[call.end():close - 1], home)
            at = close
        if argv and argv[0] != _ARG:
            out.append(" ".join(_quoted(w) for w in argv))
        if len(out) >= _CAP:
            break
    return out


# -- the same for a Gradle (Groovy or Kotlin) or sbt build script (session 19) ------------------------------------
# `["curl", "-s", "-F", "p=@${props}", "https://…"].execute()` after `def props = rootProject.file("key.properties")`,
# `commandLine "curl", "-F", "k=@$ks", URL` in an Exec task, `ProcessBuilder("curl", …)`, `Runtime.getRuntime().exec(
# arrayOf(…))`: each item one word, so no literal of it holds a command. The argv is read as one command line, a
# GString's `${name}` (also `$name`, `${name.path}`) as the file or string the script assigned to `name`.
_JVM_LIST = re.compile(r"\[((?:\s*(?:\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|[\w.]+)\s*,)+\s*"
                       r"(?:\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|[\w.]+)\s*)\]\s*\.\s*execute\s*\(")
_JVM_CALL = re.compile(r"\b(?:commandLine|ProcessBuilder|listOf|arrayOf|mutableListOf|Arrays\.asList|"
                       r"\.exec)\s*(?:\(\s*(?:arrayOf\s*\(|listOf\s*\(|new\s+String\s*\[\s*\]\s*\{|\[)?|[ \t]+(?=[\"']))")
# (matched past a bracket or comma, or at a non-blank: leading blanks read only from where they start, see _CALL)
_JVM_ITEM = re.compile(r"(?:(?<!\s)\s*+)?(?:\"((?:[^\"\\\n]|\\.)*)\"|'((?:[^'\\\n]|\\.)*)'|([\w.]++(?:\(\s*+\))?))"
                       r"\s*+(,)?")
_JVM_ASSIGN = re.compile(r"\b(?:def|val|var|final\s+\w+|String|File)\s+(\w+)\s*=\s*(?:(?:rootProject|project)\s*\.\s*)?"
                         r"(?:file\s*\(\s*|new\s+File\s*\(\s*|File\s*\(\s*)?[\"']([^\"'\n$]+)[\"']")
# a File's path (`ks.path`, `${ks.absolutePath}`): the file itself, as the name alone stands for it
_PATH_OF = r"\.(?:path|absolutePath|canonicalPath|toString\(\s*\))"
_GSTRING = re.compile(r"\$\{\s*(\w+)(?:" + _PATH_OF + r")?\s*\}|\$(\w+)")
_JVM_PLUS = re.compile(r"(?:(?<!\s)\s*+)?\+\s*+")
_FILE_PATH = re.compile(_PATH_OF + "$")
_USER_HOME = re.compile(r"System\.getProperty\(\s*[\"']user\.home[\"']\s*\)")


def jvm_command_lines(text: str) -> list[str]:
    """The command line of each argv list a Gradle or sbt script runs (see above)."""
    if "execute" not in text and "commandLine" not in text and "ProcessBuilder" not in text and ".exec" not in text:
        return []
    names = {m.group(1): m.group(2) for m in _JVM_ASSIGN.finditer(text)}
    home = _USER_HOME.search(text) is not None
    out: list[str] = []
    spans = [(m.start(1), m.end(1)) for m in _JVM_LIST.finditer(text)]
    spans += [(m.end(), len(text)) for m in _JVM_CALL.finditer(text)]
    for start, end in spans[:_CAP]:
        argv: list[str] = []
        at = start
        while at < end and len(argv) < 64:
            m = _JVM_ITEM.match(text, at, end)
            if m is None or m.end() == at:
                break
            word = _jvm_word(m, names, home)
            # `"k=@" + ks.path`: one item made of pieces
            while m.group(4) is None and (plus := _JVM_PLUS.match(text, m.end(), end)) is not None:
                piece = _JVM_ITEM.match(text, plus.end(), end)
                if piece is None or piece.end() == plus.end():
                    break
                word, m = word + _jvm_word(piece, names, home), piece
            argv.append(word)
            at = m.end()
            if m.group(4) is None:
                break
        if len(argv) > 1 and argv[0] != _ARG:
            out.append(" ".join(_quoted(w) for w in argv))
    return out


def _jvm_word(m: re.Match, names: dict[str, str], home: bool) -> str:
    if m.group(3) is not None:  # a name (or its `.path`): what the script assigned to it, else known at run time
        return names.get(_FILE_PATH.sub("", m.group(3)), _ARG)
    raw = _ESCAPE.sub(lambda e: _ESCAPES.get(e.group(1), e.group(1)), m.group(1) if m.group(1) is not None
                      else m.group(2))
    if m.group(1) is None:  # a single-quoted Groovy string is not a template
        return raw

    def slot(g: re.Match) -> str:
        name = g.group(1) or g.group(2)
        if name in names:
            return names[name]
        if home and name in ("home", "userHome", "HOME"):
            return _HOME
        return _ARG

    return _GSTRING.sub(slot, raw)
