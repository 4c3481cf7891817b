package com.darwin.compute.core.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file script run by a real {@code /bin/sh} on real archives, as a pod runs it, with {@code
 * python} replaced by a stub that writes down its arguments: which files of an archive are
 * installed, and how.
 */
class InstallScriptTest {

  @TempDir Path tmp;
  private Path base;
  private Path calls;
  private Path bin;

  @BeforeEach
  void stubPython() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh to run the install script");
    base = Files.createDirectories(tmp.resolve("pkgs"));
    calls = tmp.resolve("python-calls");
    bin = Files.createDirectories(tmp.resolve("bin"));
    Path python = bin.resolve("python");
    Files.writeString(
        python,
        "#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"$PYTHON_CALLS\"\nsleep \"${PYTHON_SLEEP:-0}\"\n");
    assumeTrue(python.toFile().setExecutable(true), "cannot make the python stub executable");
  }

  private record Run(int exitCode, String output) {}

  private Run install(Path file, String kind) throws Exception {
    return run(InstallCommand.FILE_SCRIPT, file.toString(), kind, base.toString());
  }

  private Run run(String script, String... arguments) throws Exception {
    return run(List.of(), script, arguments);
  }

  /**
   * The script after {@code prefix} (a pod task's timeout), with {@code python} slowed if asked.
   */
  private Run run(List<String> prefix, String script, String... arguments) throws Exception {
    List<String> argv = new ArrayList<>(prefix);
    argv.addAll(List.of("/bin/sh", "-c", script, InstallCommand.SCRIPT_NAME));
    argv.addAll(List.of(arguments));
    ProcessBuilder process = new ProcessBuilder(argv).redirectErrorStream(true);
    process.environment().put("PYTHON_SLEEP", prefix.isEmpty() ? "0" : "30");
    process.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    process.environment().put("PYTHON_CALLS", calls.toString());
    process.environment().put("TMPDIR", Files.createDirectories(tmp.resolve("pod-tmp")).toString());
    Process p = process.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), output);
  }

  private List<String> pythonCalls() throws IOException {
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  private List<String> jars() throws IOException {
    try (Stream<Path> files = Files.list(base.resolve("jars"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv("PATH").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  private Path zip(String name, String... entries) throws IOException {
    Path zip = tmp.resolve(name);
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (String entry : entries) {
        z.putNextEntry(new ZipEntry(entry));
        if (!entry.endsWith("/")) {
          z.write(("content of " + entry + "\n").getBytes(StandardCharsets.UTF_8));
        }
        z.closeEntry();
      }
    }
    return zip;
  }

  private static String pip(String how, Path file) {
    return "-m pip install --no-input --disable-pip-version-check " + how + " " + file;
  }

  @Test
  void anArchiveOfOneFolderInstallsThatFoldersTopLevelInNameOrderAndNothingDeeper()
      throws Exception {
    assumeTrue(onPath("unzip"), "needs unzip to unpack the archive");
    Path archive =
        zip(
            "proj.zip",
            "proj/requirements.txt",
            "proj/a.whl",
            "proj/readme_renderer-43.0-py3-none-any.whl",
            "proj/Extra.JAR",
            "proj/LICENSE.txt",
            "proj/README.txt",
            "proj/c.jar",
            "proj/lib/nested.jar",
            "proj/lib/nested.whl",
            "proj/mypkg.egg-info/SOURCES.txt",
            "proj/docs/notes.txt",
            "__MACOSX/proj/._a.whl");

    Run run = install(archive, "zip");

    assertThat(run.exitCode()).as(run.output()).isZero();
    List<String> called = pythonCalls();
    // A wheel is a wheel whatever its name; the licence and readme are not requirements.
    assertThat(called).hasSize(3);
    assertThat(called.get(0)).startsWith(pip("--", Path.of(""))).endsWith("/proj/a.whl");
    assertThat(called.get(1))
        .startsWith(pip("--", Path.of("")))
        .endsWith("/proj/readme_renderer-43.0-py3-none-any.whl");
    assertThat(called.get(2)).startsWith(pip("-r", Path.of(""))).endsWith("/proj/requirements.txt");
    assertThat(jars()).containsExactly("Extra.JAR", "c.jar");
    // The unpacked files do not stay behind in the pod.
    try (Stream<Path> left = Files.list(base.resolve("archives"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void anArchiveOfLooseFilesInstallsItsTopLevel() throws Exception {
    assumeTrue(onPath("tar") && onPath("gzip"), "needs tar and gzip to make and unpack a .tar.gz");
    Path content = Files.createDirectories(tmp.resolve("loose"));
    Files.writeString(content.resolve("deps.txt"), "numpy\n");
    Files.writeString(content.resolve("NOTICE.txt"), "Copyright someone\n");
    Files.writeString(content.resolve("tool.jar"), "jar");
    Path archive = tmp.resolve("loose.tar.gz");
    Process tar =
        new ProcessBuilder("tar", "-czf", archive.toString(), "-C", content.toString(), ".")
            .redirectErrorStream(true)
            .start();
    tar.getInputStream().readAllBytes();
    assertThat(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0).isTrue();

    Run run = install(archive, "gz");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(pythonCalls()).singleElement().asString().contains("-r ").endsWith("/deps.txt");
    assertThat(jars()).containsExactly("tool.jar");
  }

  @Test
  void extensionsCountInAnyCase() throws Exception {
    assumeTrue(onPath("unzip"), "needs unzip to unpack the archive");
    Path archive = zip("upper.zip", "upper/REQUIREMENTS.TXT", "upper/Lib.JAR");

    Run run = install(archive, "zip");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(pythonCalls()).singleElement().asString().endsWith("/upper/REQUIREMENTS.TXT");
    assertThat(jars()).containsExactly("Lib.JAR");
  }

  @Test
  void anArchiveWithNothingToInstallFailsSayingSo() throws Exception {
    assumeTrue(onPath("unzip"), "needs unzip to unpack the archive");
    Path archive = zip("docs.zip", "docs/README.txt", "docs/guide/intro.txt", "docs/pkg/x.whl");

    Run run = install(archive, "zip");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.output())
        .contains(
            "darwin-install: docs.zip holds no .whl, requirements .txt or .jar at its top level");
    assertThat(pythonCalls()).isEmpty();
  }

  @Test
  void aRequirementsFileIsInstalledWithPipDashR() throws Exception {
    Path requirements = tmp.resolve("reqs.txt");
    Files.writeString(requirements, "pandas==2.2.2\n");

    Run run = install(requirements, "txt");

    assertThat(run.exitCode()).as(run.output()).isZero();
    List<String> expected = new ArrayList<>();
    expected.add(pip("-r", base.resolve("python/reqs.txt")));
    assertThat(pythonCalls()).isEqualTo(expected);
  }

  @Test
  void mavenGetsThePomAndItsFolderIsRemovedEvenWhenMavenFails() throws Exception {
    // The stub mvn keeps a copy of the pom it was given, then fails as a resolution would.
    Path mvn = bin.resolve("mvn");
    Files.writeString(
        mvn,
        "#!/bin/sh\nwhile [ $# -gt 0 ]; do [ \"$1\" = -f ] && cp \"$2\" \"$PYTHON_CALLS\"; shift;"
            + " done\necho 'Could not resolve dependencies' >&2\nexit 1\n");
    assumeTrue(mvn.toFile().setExecutable(true), "cannot make the mvn stub executable");
    String pom = "<project><artifactId>a&amp;b</artifactId></project>";

    Run run = run(InstallCommand.MAVEN_SCRIPT, pom, base.resolve("jars").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("Could not resolve dependencies");
    assertThat(Files.readString(calls)).isEqualTo(pom);
    try (Stream<Path> left = Files.list(tmp.resolve("pod-tmp"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void anArchiveInstallStoppedAtItsTimeoutLeavesNothingBehind() throws Exception {
    assumeTrue(onPath("unzip") && onPath("timeout"), "needs unzip and GNU timeout");
    Path archive = zip("slow.zip", "slow/requirements.txt");

    // As a pod task runs it: GNU timeout, TERM to the group at the limit (python is slow here).
    Run run =
        run(
            List.of("timeout", "-k", "10", "1"),
            InstallCommand.FILE_SCRIPT,
            archive.toString(),
            "zip",
            base.toString());

    assertThat(run.exitCode()).isEqualTo(124);
    assertThat(pythonCalls()).singleElement().asString().endsWith("/slow/requirements.txt");
    try (Stream<Path> left = Files.list(base.resolve("archives"))) {
      assertThat(left).as("dash runs no EXIT trap when a signal ends it").isEmpty();
    }
  }
}
