package com.darwin.compute.core.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.model.library.InstallRequest;
import com.darwin.compute.model.library.LibraryBody;
import com.darwin.compute.model.library.LibrarySource;
import com.darwin.compute.model.library.MavenMetadata;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every user value is one argv element of its own; the shell scripts hold no user text. */
class InstallCommandTest {

  private static final LibraryProperties PROPERTIES =
      new LibraryProperties(
          Duration.ofMinutes(15),
          50,
          "/home/ray/darwin_pkgs",
          "https://repo1.maven.org/maven2",
          "https://repos.spark-packages.org");

  private static List<String> argv(InstallRequest request) {
    return InstallCommand.argv(
        LibraryGrammar.parse(request, "", PROPERTIES, "/home/ray/fsx"),
        PROPERTIES.packageDir(),
        "/home/ray/fsx");
  }

  @Test
  void pipGetsTheRequirementAndTheIndexAsSeparateArguments() {
    assertThat(
            argv(
                new InstallRequest(
                    LibrarySource.PYPI,
                    new LibraryBody(
                        "torch", "https://download.pytorch.org/whl/cpu", "2.3.0", null))))
        .containsExactly(
            "python",
            "-m",
            "pip",
            "install",
            "--no-input",
            "--disable-pip-version-check",
            "--index-url",
            "https://download.pytorch.org/whl/cpu",
            "torch==2.3.0");
  }

  /** An https index keeps its certificate checked; only a plain http one needs trusting. */
  @Test
  void onlyAPlainHttpIndexIsTrustedWithoutItsCertificate() {
    List<String> http =
        argv(
            new InstallRequest(
                LibrarySource.PYPI,
                new LibraryBody("internal-lib", "HTTP://pypi.internal:8080/simple", null, null)));
    assertThat(http)
        .containsSubsequence(
            "--index-url",
            "HTTP://pypi.internal:8080/simple",
            "--trusted-host",
            "pypi.internal",
            "internal-lib");
    List<String> https =
        argv(
            new InstallRequest(
                LibrarySource.PYPI,
                new LibraryBody(
                    "private-lib", "https://__token__:t0k3n@pypi.example.com/simple", null, null)));
    assertThat(https)
        .contains("--index-url", "https://__token__:t0k3n@pypi.example.com/simple")
        .doesNotContain("--trusted-host");
  }

  @Test
  void filesGoThroughTheFixedScriptAsPositionalParameters() {
    List<String> s3 = argv(InstallRequest.s3("s3://bucket/libs/a.whl"));
    assertThat(s3)
        .containsExactly(
            "/bin/sh",
            "-c",
            InstallCommand.FILE_SCRIPT,
            InstallCommand.SCRIPT_NAME,
            "s3://bucket/libs/a.whl",
            "whl",
            "/home/ray/darwin_pkgs");
    assertThat(InstallCommand.FILE_SCRIPT).doesNotContain("s3://bucket");
    assertThat(argv(InstallRequest.workspace("team/reqs.txt")))
        .containsSubsequence("/home/ray/fsx/team/reqs.txt", "txt");
  }

  @Test
  void mavenHonoursRepositoryAndExclusionsInThePom() {
    List<String> argv =
        argv(
            InstallRequest.maven(
                "org.apache.spark:spark-sql_2.12",
                "3.5.3",
                new MavenMetadata("https://maven.example.com/repo", "org.slf4j:*")));
    assertThat(argv.subList(0, 4))
        .containsExactly("/bin/sh", "-c", InstallCommand.MAVEN_SCRIPT, InstallCommand.SCRIPT_NAME);
    String pom = argv.get(4);
    assertThat(pom)
        .contains("<url>https://maven.example.com/repo</url>")
        .contains("<groupId>org.apache.spark</groupId><artifactId>spark-sql_2.12</artifactId>")
        .contains("<version>3.5.3</version>")
        .contains("<exclusion><groupId>org.slf4j</groupId><artifactId>*</artifactId></exclusion>");
    assertThat(argv.get(5)).isEqualTo("/home/ray/darwin_pkgs/jars");
  }

  @Test
  void theFileScriptFitsAnExecRequestLine() {
    // The script is one argument of the exec request's URL, with the timeout wrapper, the pod's
    // path and the other arguments (about 600 bytes more): the sandbox's API server refuses a
    // request line over 4,096 bytes with a 414, and every archive install then failed.
    String encoded =
        java.net.URLEncoder.encode(
                InstallCommand.FILE_SCRIPT, java.nio.charset.StandardCharsets.UTF_8)
            .replace("+", "%20");
    assertThat(encoded.length()).isLessThanOrEqualTo(3_000);
  }
}
