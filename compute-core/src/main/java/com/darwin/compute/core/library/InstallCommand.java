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

  /**
   * $1 = source (s3 URI or absolute file), $2 = type, $3 = package directory.
   *
   * <p>An archive installs what its top level holds, or, when it holds one folder (foo.zip holding
   * foo/, with or without the __MACOSX folder macOS adds), what that folder's top level holds, in
   * name order, as the Python service read the folder named after the archive. Nothing deeper: a
   * project's docs, tests and unpacked packages carry .txt files that are not requirements
   * (egg-info's SOURCES.txt, dist-info's top_level.txt), and pip refused them, failing the install.
   * For the same reason a top-level LICENSE, LICENCE, README, NOTICE, CHANGELOG, CHANGES, HISTORY,
   * AUTHORS or COPYING .txt is not a requirements file (a wheel of any name is a wheel); extensions
   * count in any case. The script is one argv element of the exec request, whose URL carries it:
   * kept short (the sandbox's API server refuses a request line over 4 KB). An archive with nothing
   * to install fails with that reason rather than reporting a library that installed nothing. The
   * unpacked files are removed after.
   */
  static final String FILE_SCRIPT =
      """
      set -eu
      trap 'exit 143' HUP INT TERM
      src="$1"; kind="$2"; base="$3"
      mkdir -p "$base/python" "$base/jars" "$base/archives"
      fetch() {
       case "$src" in
        s3://*) aws s3 cp --only-show-errors -- "$src" "$1";;
        *) cp -- "$src" "$1";;
       esac
      }
      lc() { basename -- "$1" | tr A-Z a-z; }
      pip() { python -m pip install --no-input --disable-pip-version-check "$@"; }
      install_file() {
       case "$(lc "$1")" in
        *.whl) pip -- "$1";;
        *.txt) pip -r "$1";;
        *.jar) cp -- "$1" "$base/jars/";;
       esac
      }
      wanted() {
       case "$(lc "$1")" in
        licen[cs]e*.txt|readme*.txt|copying.txt|notice.txt|change*.txt|authors.txt|history.txt)
         return 1;;
        *.whl|*.txt|*.jar) return 0;;
       esac
       return 1
      }
      name=$(basename -- "$src")
      case "$kind" in
       jar) fetch "$base/jars/$name";;
       whl|txt) fetch "$base/python/$name"; install_file "$base/python/$name";;
       zip|tar|gz)
        dir=$(mktemp -d "$base/archives/unpack.XXXXXX")
        trap 'rm -rf -- "$dir"' EXIT
        fetch "$dir/$name"
        top="$dir/content"
        mkdir -p "$top"
        case "$kind" in
         zip) unzip -q -o "$dir/$name" -d "$top";;
         tar) tar -xf "$dir/$name" -C "$top";;
         gz) tar -xzf "$dir/$name" -C "$top";;
        esac
        n=0; only=""
        for e in "$top"/*; do
         [ -e "$e" ] || continue
         [ "$(basename -- "$e")" = __MACOSX ] && continue
         n=$((n + 1)); only="$e"
        done
        if [ "$n" -eq 1 ] && [ -d "$only" ]; then top="$only"; fi
        found=0
        for f in "$top"/*; do
         if [ -f "$f" ] && wanted "$f"; then install_file "$f"; found=$((found + 1)); fi
        done
        if [ "$found" -eq 0 ]; then
         echo "$0: $name holds no .whl, requirements .txt or .jar at its top level" >&2
         exit 3
        fi
        ;;
      esac
      """;

  /**
   * $1 = the pom, $2 = the jars directory. The pom's folder is removed however Maven ends (a failed
   * resolution left one in the pod's temporary directory at every retry).
   */
  static final String MAVEN_SCRIPT =
      """
      set -eu
      trap 'exit 143' HUP INT TERM
      work=$(mktemp -d)
      trap 'rm -rf -- "$work"' EXIT
      printf '%s' "$1" > "$work/pom.xml"
      mkdir -p "$2"
      mvn -B -q -f "$work/pom.xml" dependency:copy-dependencies -DoutputDirectory="$2" \
        -DincludeScope=runtime
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

  /**
   * An https index keeps pip's certificate check (the Python service passed {@code --trusted-host}
   * for every index, so a token in the URL went to whoever answered for the host, and so did the
   * choice of the code installed); a plain http one, which pip refuses without it, is trusted as
   * the user asked.
   */
  private static List<String> pip(LibrarySpec spec) {
    List<String> argv = new ArrayList<>();
    argv.addAll(
        List.of("python", "-m", "pip", "install", "--no-input", "--disable-pip-version-check"));
    if (spec.path() != null) {
      argv.addAll(List.of("--index-url", spec.path()));
      if (LibraryGrammar.isPlainHttp(spec.path())) {
        argv.addAll(List.of("--trusted-host", LibraryGrammar.host(spec.path())));
      }
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
