"""pom.xml and gradle.lockfile extraction: conformance, effective-model rules, XML safety."""
from __future__ import annotations

from pathlib import Path

import pytest

from agent_immune.deps.maven import gradle_lockfile, pom_xml
from agent_immune.errors import InputError

from .conformance import assert_conformance, run_conformance

KNOWN_DIFFERENCES = {
    "interpolation.xml": "a version range [9.4.35.v20201120,9.5) is a requirement: we report version '' "
                         "with the range as spec; the reference reports the lower bound as the version",
}


def test_pom_xml_conformance(tmp_path):
    assert_conformance(run_conformance("pomxml", pom_xml, tmp_path), KNOWN_DIFFERENCES)


def test_gradle_lockfile_own_fixtures(tmp_path):
    assert_conformance(run_conformance("../testdata_own/gradlelockfile", gradle_lockfile, tmp_path / "w"), {})


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


PARENT = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <groupId>org.acme</groupId>
  <artifactId>acme-parent</artifactId>
  <version>7.1</version>
  <properties>
    <jackson.version>2.15.2</jackson.version>
    <log4j.version>2.14.1</log4j.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>com.fasterxml.jackson.core</groupId>
        <artifactId>jackson-databind</artifactId>
        <version>${jackson.version}</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
</project>
"""

CHILD = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent>
    <groupId>org.acme</groupId>
    <artifactId>acme-parent</artifactId>
    <version>7.1</version>
  </parent>
  <artifactId>service</artifactId>
  <properties>
    <log4j.version>2.17.1</log4j.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>com.fasterxml.jackson.core</groupId>
      <artifactId>jackson-databind</artifactId>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>${log4j.version}</version>
    </dependency>
    <dependency>
      <groupId>${project.groupId}</groupId>
      <artifactId>acme-common</artifactId>
      <version>${project.version}</version>
      <scope>provided</scope>
      <optional>true</optional>
    </dependency>
    <dependency>
      <groupId>org.pinned</groupId>
      <artifactId>hard</artifactId>
      <version>[1.2.3]</version>
    </dependency>
    <dependency>
      <groupId>org.unknown</groupId>
      <artifactId>prop</artifactId>
      <version>${not.defined}</version>
    </dependency>
  </dependencies>
</project>
"""


def test_parent_from_default_relative_path(tmp_path):
    write(tmp_path / "pom.xml", PARENT)
    child = write(tmp_path / "service" / "pom.xml", CHILD)
    got = {p.name: p for p in pom_xml(child)}
    assert got["com.fasterxml.jackson.core:jackson-databind"].version == "2.15.2"
    assert got["org.apache.logging.log4j:log4j-core"].version == "2.17.1"  # the child's property wins
    common = got["org.acme:acme-common"]
    assert (common.version, common.groups, common.line) == ("7.1", ("provided", "optional"), 21)
    assert got["org.pinned:hard"].version == "1.2.3"
    assert (got["org.unknown:prop"].version, got["org.unknown:prop"].spec) == ("", None)
    assert {p.ecosystem for p in got.values()} == {"Maven"}


def test_parent_with_other_coordinates_is_not_used(tmp_path):
    write(tmp_path / "pom.xml", PARENT.replace("acme-parent", "something-else"))
    child = write(tmp_path / "service" / "pom.xml", CHILD)
    got = {p.name: p for p in pom_xml(child)}
    assert got["com.fasterxml.jackson.core:jackson-databind"].version == ""
    assert got["org.apache.logging.log4j:log4j-core"].version == "2.17.1"


def test_parent_cycle_terminates(tmp_path):
    a = write(tmp_path / "a" / "pom.xml", """<project><groupId>g</groupId><artifactId>a</artifactId>
      <parent><groupId>g</groupId><artifactId>b</artifactId><relativePath>../b</relativePath></parent>
      <dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>1</version></dependency></dependencies>
      </project>""")
    write(tmp_path / "b" / "pom.xml", """<project><groupId>g</groupId><artifactId>b</artifactId>
      <parent><groupId>g</groupId><artifactId>a</artifactId><relativePath>../a</relativePath></parent></project>""")
    assert [(p.name, p.version) for p in pom_xml(a)] == [("x:y", "1")]


def test_version_range_is_a_spec(tmp_path):
    p = write(tmp_path / "pom.xml", """<project><dependencies><dependency>
      <groupId>a</groupId><artifactId>b</artifactId><version>[1.0,2.0)</version></dependency></dependencies></project>""")
    [pkg] = pom_xml(p)
    assert (pkg.version, pkg.spec) == ("", "[1.0,2.0)")


def test_latin1_encoding_declaration_is_honoured(tmp_path):
    p = tmp_path / "pom.xml"
    p.write_bytes('<?xml version="1.0" encoding="ISO-8859-1"?><project><name>caf\xe9</name><dependencies><dependency>'
                  '<groupId>a</groupId><artifactId>b</artifactId><version>1</version></dependency></dependencies></project>'
                  .encode("latin-1"))
    assert [(x.name, x.version) for x in pom_xml(p)] == [("a:b", "1")]


@pytest.mark.parametrize("text", [
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><project>&lol2;</project>',
    '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><project>&x;</project>',
    '<!DOCTYPE project><project/>',
])
def test_doctype_and_entities_refused(tmp_path, text):
    p = write(tmp_path / "pom.xml", text)
    with pytest.raises(InputError, match="DOCTYPE"):
        pom_xml(p)


@pytest.mark.parametrize("text, line", [
    ("<project>\n  <dependencies>\n</project>\n", 3),
    ("this is not a pom.xml file!", 1),
    ("<settings>\n</settings>", 1),
    ("", None),
])
def test_bad_pom(tmp_path, text, line):
    p = write(tmp_path / "pom.xml", text)
    with pytest.raises(InputError) as err:
        pom_xml(p)
    assert err.value.path == str(p)
    if line is not None:
        assert err.value.line == line


def test_gradle_lockfile_fields(tmp_path):
    p = write(tmp_path / "gradle.lockfile", "# c\norg.a:b:1.0=compileClasspath,runtimeClasspath\nempty=\n")
    [pkg] = gradle_lockfile(p)
    assert (pkg.name, pkg.version, pkg.line, pkg.groups, pkg.ecosystem) == (
        "org.a:b", "1.0", 2, ("compileClasspath", "runtimeClasspath"), "Maven")


@pytest.mark.parametrize("text", ["org.a:b=x\n", "org.a:b:1.0\n", "a:b:c:d=x\n"])
def test_gradle_lockfile_bad_lines(tmp_path, text):
    p = write(tmp_path / "gradle.lockfile", "# header\n" + text)
    with pytest.raises(InputError) as err:
        gradle_lockfile(p)
    assert err.value.line == 2
