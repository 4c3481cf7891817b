package com.darwin.compute.core.library;

import java.util.ArrayList;
import java.util.List;

/**
 * The argv that installs a library in a pod. User values only ever appear as their own argv
 * elements: pip gets the requirement as one argument; files and Maven artifacts are handled by a
 * fixed script ({@code sh -c SCRIPT darwin-install ARG...}) that reads them as positional
 * parameters ({@code "$1"}), so the shell never parses them. The Maven case writes a pom (values
 * XML-escaped) and lets Maven resolve the artifact with its dependencies, minus the exclusions,
 * from the chosen repository.
 */
public final class InstallCommand {

  /** $1 = source (s3 URI or absolute file), $2 = type, $3 = package directory. */
  static final String FILE_SCRIPT =
      """
      set -eu
      src="$1"; kind="$2"; base="$3"
      mkdir -p "$base/python" "$base/jars" "$base/archives"
      fetch() {
        case "$src" in
          s3://*) aws s3 cp --only-show-errors -- "$src" "$1" ;;
          *) cp -- "$src" "$1" ;;
        esac
      }
      install_file() {
        case "$1" in
          *.whl) python -m pip install --no-input --disable-pip-version-check -- "$1" ;;
          *.txt) python -m pip install --no-input --disable-pip-version-check -r "$1" ;;
          *.jar) cp -- "$1" "$base/jars/" ;;
        esac
      }
      name=$(basename -- "$src")
      case "$kind" in
        jar) fetch "$base/jars/$name" ;;
        whl|txt) fetch "$base/python/$name"; install_file "$base/python/$name" ;;
        zip|tar|gz)
          dir=$(mktemp -d "$base/archives/unpack.XXXXXX")
          fetch "$dir/$name"
          mkdir -p "$dir/content"
          case "$kind" in
            zip) unzip -q -o "$dir/$name" -d "$dir/content" ;;
            tar) tar -xf "$dir/$name" -C "$dir/content" ;;
            gz) tar -xzf "$dir/$name" -C "$dir/content" ;;
          esac
          find "$dir/content" -type f \\( -name '*.whl' -o -name '*.txt' -o -name '*.jar' \\) \
            > "$dir/files"
          while IFS= read -r f; do install_file "$f"; done < "$dir/files"
          ;;
      esac
      """;

  /** $1 = the pom, $2 = the jars directory. */
  static final String MAVEN_SCRIPT =
      """
      set -eu
      work=$(mktemp -d)
      printf '%s' "$1" > "$work/pom.xml"
      mkdir -p "$2"
      mvn -B -q -f "$work/pom.xml" dependency:copy-dependencies -DoutputDirectory="$2" \
        -DincludeScope=runtime
      rm -rf "$work"
      """;

  /** The name the script runs under ($0), which error messages of sh start with. */
  static final String SCRIPT_NAME = "darwin-install";

  private InstallCommand() {}

  public static List<String> argv(LibrarySpec spec, String packageDir, String workspaceRoot) {
    return switch (spec.source()) {
      case PYPI -> pip(spec);
      case MAVEN ->
          List.of("/bin/sh", "-c", MAVEN_SCRIPT, SCRIPT_NAME, pom(spec), packageDir + "/jars");
      case S3 ->
          List.of(
              "/bin/sh",
              "-c",
              FILE_SCRIPT,
              SCRIPT_NAME,
              spec.path(),
              spec.type().wireName(),
              packageDir);
      case WORKSPACE ->
          List.of(
              "/bin/sh",
              "-c",
              FILE_SCRIPT,
              SCRIPT_NAME,
              (workspaceRoot.endsWith("/") ? workspaceRoot : workspaceRoot + "/") + spec.path(),
              spec.type().wireName(),
              packageDir);
    };
  }

  private static List<String> pip(LibrarySpec spec) {
    List<String> argv = new ArrayList<>();
    argv.addAll(
        List.of("python", "-m", "pip", "install", "--no-input", "--disable-pip-version-check"));
    if (spec.path() != null) {
      argv.addAll(
          List.of("--index-url", spec.path(), "--trusted-host", LibraryGrammar.host(spec.path())));
    }
    argv.add(spec.name() + (spec.version() == null ? "" : spec.version()));
    return argv;
  }

  /** A pom whose one dependency is the artifact, with its exclusions and repository. */
  static String pom(LibrarySpec spec) {
    String[] ga = spec.name().split(":");
    StringBuilder exclusions = new StringBuilder();
    for (String exclusion : spec.exclusions()) {
      String[] e = exclusion.split(":");
      exclusions
          .append("<exclusion><groupId>")
          .append(xml(e[0]))
          .append("</groupId><artifactId>")
          .append(xml(e[1]))
          .append("</artifactId></exclusion>");
    }
    return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
        + "<groupId>darwin.install</groupId><artifactId>install</artifactId><version>1</version>"
        + "<repositories><repository><id>library</id><url>"
        + xml(spec.repository())
        + "</url></repository></repositories>"
        + "<dependencies><dependency><groupId>"
        + xml(ga[0])
        + "</groupId><artifactId>"
        + xml(ga[1])
        + "</artifactId><version>"
        + xml(spec.version())
        + "</version><exclusions>"
        + exclusions
        + "</exclusions></dependency></dependencies></project>";
  }

  private static String xml(String value) {
    return value
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
