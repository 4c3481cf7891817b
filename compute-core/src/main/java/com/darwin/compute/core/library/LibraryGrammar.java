package com.darwin.compute.core.library;

import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.model.library.InstallRequest;
import com.darwin.compute.model.library.LibraryBody;
import com.darwin.compute.model.library.LibrarySource;
import com.darwin.compute.model.library.LibraryType;
import com.darwin.compute.model.library.MavenMetadata;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every value of a library request against its grammar: PEP 508 names and PEP 440 specifiers
 * for PyPI, Maven coordinates, S3 URIs, relative workspace paths, http(s) URLs. What does not parse
 * is a 400 naming its field; what parses holds no character a shell or an option parser would read
 * as anything but data (no value starts with {@code -}, none has spaces, quotes, {@code ;}, {@code
 * $}, backquotes or line breaks).
 */
public final class LibraryGrammar {

  private static final String IDENT = "[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?";

  /** PEP 508 name, optional extras, then anything (the specifier, checked on its own). */
  private static final Pattern PYPI_REQUIREMENT =
      Pattern.compile(
          "^(" + IDENT + ")(\\[\\s*" + IDENT + "(?:\\s*,\\s*" + IDENT + ")*\\s*\\])?\\s*(.*)$");

  /**
   * A PEP 440 version as pip reads it (its normalizations allowed: a leading v, other separators,
   * alpha/beta/preview/rev spellings, any case): epoch, release, pre-, post- and dev-release, local
   * label. pip (24.1 on) does not install what is not one, so such a version is a 400 here rather
   * than a failed install on every pod.
   */
  private static final String PUBLIC_VERSION =
      "v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*"
          + "(?:[-_.]?(?:alpha|a|beta|b|preview|pre|c|rc)[-_.]?[0-9]*)?"
          + "(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?"
          + "(?:[-_.]?dev[-_.]?[0-9]*)?";

  private static final String LOCAL = "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?";

  /** What == and != compare with: a version, or a prefix of one ending in .* (no local label). */
  private static final String MATCHED_VERSION =
      "(?:" + PUBLIC_VERSION + "\\.\\*|" + PUBLIC_VERSION + LOCAL + ")";

  /** What === compares with: any text, here without the characters a shell would read. */
  private static final String ARBITRARY = "[A-Za-z0-9](?:[A-Za-z0-9_.!+-]*[A-Za-z0-9])?";

  private static final Pattern BARE_VERSION =
      Pattern.compile("^" + MATCHED_VERSION + "$", Pattern.CASE_INSENSITIVE);
  private static final String CLAUSE =
      "(?:===\\s*"
          + ARBITRARY
          + "|(?:==|!=)\\s*"
          + MATCHED_VERSION
          + "|(?:~=|<=|>=|<|>)\\s*"
          + PUBLIC_VERSION
          + LOCAL
          + ")";
  private static final Pattern SPECIFIER =
      Pattern.compile("^" + CLAUSE + "(?:\\s*,\\s*" + CLAUSE + ")*$", Pattern.CASE_INSENSITIVE);

  private static final String MAVEN_ID = "[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?";
  private static final Pattern MAVEN_VERSION =
      Pattern.compile("^[A-Za-z0-9_](?:[A-Za-z0-9_.+-]*[A-Za-z0-9_])?$");
  private static final Pattern MAVEN_ID_PATTERN = Pattern.compile("^" + MAVEN_ID + "$");
  private static final Pattern EXCLUSION =
      Pattern.compile("^(\\*|" + MAVEN_ID + "):(\\*|" + MAVEN_ID + ")$");

  private static final Pattern S3_URI =
      Pattern.compile("^s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/([A-Za-z0-9!_.()=+,@/-]{1,1000})$");
  private static final Pattern PATH_SEGMENT =
      Pattern.compile("^[A-Za-z0-9_@+=,()](?:[A-Za-z0-9_.@+=,()-]*)$");

  private static final int MAX = 1024;

  /**
   * What pip reads as an archive's file name rather than a project's name (its archive extensions):
   * given such a name, it installs that file from the exec's working directory in the pod, or fails
   * saying the file does not exist. Files come through s3 or workspace instead.
   */
  private static final Pattern ARCHIVE_NAME =
      Pattern.compile(
          ".*\\.(?:whl|zip|tar|tar\\.gz|tgz|tar\\.bz2|tbz|tar\\.xz|txz|tlz|tar\\.lz|tar\\.lzma)$",
          Pattern.CASE_INSENSITIVE);

  /** {@code cluster_libraries.name} and {@code .version}. */
  private static final int NAME_COLUMN = 255;

  private LibraryGrammar() {}

  /** Validates one request; field names are prefixed with {@code prefix} (e.g. packages[2].). */
  public static LibrarySpec parse(
      InstallRequest request, String prefix, LibraryProperties properties, String workspaceRoot) {
    List<FieldError> errors = new ArrayList<>();
    LibrarySpec spec = parse(request, prefix, properties, workspaceRoot, errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return spec;
  }

  static LibrarySpec parse(
      InstallRequest request,
      String prefix,
      LibraryProperties properties,
      String workspaceRoot,
      List<FieldError> errors) {
    if (request == null) {
      errors.add(new FieldError(prefix.isEmpty() ? "request" : strip(prefix), "is required"));
      return null;
    }
    if (request.source() == null) {
      errors.add(new FieldError(prefix + "source", "must be one of pypi, maven, s3, workspace"));
      return null;
    }
    LibraryBody body = request.body();
    if (body == null) {
      errors.add(new FieldError(prefix + "body", "is required"));
      return null;
    }
    String p = prefix + "body.";
    int before = errors.size();
    // Line breaks and other control characters have no place in any of these values.
    for (String[] field :
        new String[][] {
          {"name", body.name()},
          {"version", body.version()},
          {"path", body.path()},
          {"metadata.repository", body.metadata() == null ? null : body.metadata().repository()},
          {"metadata.exclusions", body.metadata() == null ? null : body.metadata().exclusions()}
        }) {
      if (field[1] != null && hasControl(field[1])) {
        errors.add(new FieldError(p + field[0], "must not contain control characters"));
      }
    }
    if (errors.size() > before) {
      return null;
    }
    LibrarySpec spec =
        switch (request.source()) {
          case PYPI -> pypi(body, p, errors);
          case MAVEN -> maven(body, p, properties, errors);
          case S3 -> s3(body, p, errors);
          case WORKSPACE -> workspace(body, p, workspaceRoot, errors);
        };
    if (spec != null) {
      fitsItsRow(spec, p, errors);
    }
    return errors.size() == before ? spec : null;
  }

  /**
   * Values the grammar allows can still be longer than the row that keeps them ({@code
   * cluster_libraries}: name and version 255, path 1,024). Refused here, with the request's field,
   * before anything is made: a create or an edit stored its cluster first and failed on the
   * library's row after, answering 400 for a cluster it had made.
   */
  private static void fitsItsRow(LibrarySpec spec, String p, List<FieldError> errors) {
    boolean fromFile =
        spec.source() == LibrarySource.S3 || spec.source() == LibrarySource.WORKSPACE;
    if (spec.name().length() > NAME_COLUMN) {
      errors.add(
          new FieldError(
              p + (fromFile ? "path" : "name"),
              (fromFile ? "names a file of" : "is") + " more than " + NAME_COLUMN + " characters"));
    }
    if (spec.version() != null && spec.version().length() > NAME_COLUMN) {
      errors.add(new FieldError(p + "version", "is more than " + NAME_COLUMN + " characters"));
    }
    if (spec.path() != null && spec.path().length() > MAX) {
      errors.add(new FieldError(p + "path", "is more than " + MAX + " characters"));
    }
  }

  private static LibrarySpec pypi(LibraryBody body, String p, List<FieldError> errors) {
    if (body.metadata() != null) {
      errors.add(new FieldError(p + "metadata", "is for Maven libraries only"));
    }
    String name = body.name();
    if (blank(name)) {
      errors.add(new FieldError(p + "name", "is required for a PyPI library"));
      return null;
    }
    if (name.length() > 255 || hasControl(name)) {
      errors.add(new FieldError(p + "name", "must be a PEP 508 name of at most 255 characters"));
      return null;
    }
    Matcher m = PYPI_REQUIREMENT.matcher(name.strip());
    if (!m.matches()) {
      errors.add(
          new FieldError(
              p + "name",
              "must be a PEP 508 package name (letters, digits, '.', '_', '-', starting and ending"
                  + " with a letter or digit), optionally with [extras] and a version specifier"));
      return null;
    }
    if (ARCHIVE_NAME.matcher(m.group(1)).matches()) {
      errors.add(
          new FieldError(
              p + "name",
              "is a file name, not a package name: install a wheel or an archive with source s3"
                  + " or workspace"));
      return null;
    }
    String extras = m.group(2) == null ? "" : m.group(2).replaceAll("\\s+", "");
    String inlineSpec = m.group(3).strip();
    String specifier = null;
    if (!inlineSpec.isEmpty()) {
      if (!SPECIFIER.matcher(inlineSpec).matches()) {
        errors.add(
            new FieldError(
                p + "name",
                "has a version specifier that is not PEP 440 (e.g. ==1.2.0, >=1.0,<2);"
                    + " environment markers and URLs are not accepted"));
        return null;
      }
      specifier = inlineSpec.replaceAll("\\s+", "");
    }
    String version = body.version();
    if (!blank(version)) {
      String v = version.strip();
      if (specifier != null) {
        errors.add(
            new FieldError(p + "version", "give the version in name or in version, not both"));
        return null;
      }
      if (v.length() > 255) {
        errors.add(new FieldError(p + "version", "must be at most 255 characters"));
        return null;
      } else if (BARE_VERSION.matcher(v).matches()) {
        specifier = "==" + v;
      } else if (SPECIFIER.matcher(v).matches()) {
        specifier = v.replaceAll("\\s+", "");
      } else {
        errors.add(
            new FieldError(
                p + "version", "must be a version (1.2.0) or a PEP 440 specifier (>=1.0,<2)"));
        return null;
      }
    }
    String index = null;
    if (!blank(body.path())) {
      index = httpUrl(body.path().strip(), p + "path", "the package index URL", errors);
      if (index == null) {
        return null;
      }
    }
    return new LibrarySpec(
        LibrarySource.PYPI,
        LibraryType.PYPI,
        m.group(1) + extras,
        specifier,
        index,
        null,
        null,
        List.of());
  }

  private static LibrarySpec maven(
      LibraryBody body, String p, LibraryProperties properties, List<FieldError> errors) {
    String name = body.name();
    if (blank(name)) {
      errors.add(
          new FieldError(p + "name", "is required: group:artifact (or group:artifact:version)"));
      return null;
    }
    if (!blank(body.path())) {
      errors.add(
          new FieldError(p + "path", "is not used by a Maven library (see metadata.repository)"));
      return null;
    }
    String[] parts = name.strip().split(":", -1);
    if (parts.length < 2
        || parts.length > 3
        || !MAVEN_ID_PATTERN.matcher(parts[0]).matches()
        || !MAVEN_ID_PATTERN.matcher(parts[1]).matches()
        || name.length() > 255) {
      errors.add(
          new FieldError(
              p + "name",
              "must be Maven coordinates group:artifact[:version] of letters, digits, '.', '_'"
                  + " and '-'"));
      return null;
    }
    String version = blank(body.version()) ? null : body.version().strip();
    if (parts.length == 3) {
      if (version != null && !version.equals(parts[2])) {
        errors.add(new FieldError(p + "version", "differs from the version in name"));
        return null;
      }
      version = parts[2];
    }
    if (version == null) {
      errors.add(new FieldError(p + "version", "is required for a Maven library"));
      return null;
    }
    if (!MAVEN_VERSION.matcher(version).matches() || version.length() > 128) {
      errors.add(
          new FieldError(
              p + (parts.length == 3 ? "name" : "version"),
              "must be a Maven version of letters, digits, '.', '_', '+' and '-'"));
      return null;
    }
    MavenMetadata metadata = body.metadata();
    String repositoryName =
        metadata == null || blank(metadata.repository()) ? "maven" : metadata.repository().strip();
    String repository;
    switch (repositoryName.toLowerCase(Locale.ROOT)) {
      case "maven" -> repository = properties.mavenRepository();
      case "spark" -> repository = properties.sparkRepository();
      default -> {
        repository =
            httpUrl(
                repositoryName, p + "metadata.repository", "maven, spark or an https URL", errors);
        if (repository == null) {
          return null;
        }
        if (!repository.startsWith("https://")) {
          errors.add(
              new FieldError(p + "metadata.repository", "must be maven, spark or an https URL"));
          return null;
        }
      }
    }
    List<String> exclusions = new ArrayList<>();
    if (metadata != null && !blank(metadata.exclusions())) {
      // Kept in the library's row and carried in the pom of every pod's exec request.
      if (metadata.exclusions().length() > MAX) {
        errors.add(
            new FieldError(p + "metadata.exclusions", "is more than " + MAX + " characters"));
        return null;
      }
      for (String exclusion : metadata.exclusions().split(",")) {
        String e = exclusion.strip();
        if (!EXCLUSION.matcher(e).matches()) {
          errors.add(
              new FieldError(
                  p + "metadata.exclusions",
                  "must be a comma-separated list of group:artifact ('*' for any)"));
          return null;
        }
        exclusions.add(e);
      }
    }
    return new LibrarySpec(
        LibrarySource.MAVEN,
        LibraryType.MAVEN_JAR,
        parts[0] + ":" + parts[1],
        version,
        null,
        repository,
        repositoryName,
        exclusions);
  }

  private static LibrarySpec s3(LibraryBody body, String p, List<FieldError> errors) {
    if (!blank(body.version()) || body.metadata() != null) {
      errors.add(
          new FieldError(
              p + (blank(body.version()) ? "metadata" : "version"),
              "is not used by an S3 library"));
      return null;
    }
    String path = body.path();
    if (blank(path)) {
      errors.add(new FieldError(p + "path", "is required: s3://bucket/key"));
      return null;
    }
    Matcher m = S3_URI.matcher(path.strip());
    if (!m.matches() || !segmentsOk(m.group(2))) {
      errors.add(
          new FieldError(
              p + "path",
              "must be an S3 URI s3://bucket/key: a lower-case bucket name and a key of letters,"
                  + " digits and !_.()=+,@/- without empty, '.' or '..' segments"));
      return null;
    }
    LibraryType type = fileType(m.group(2), p + "path", errors);
    if (type == null) {
      return null;
    }
    String fileName = m.group(2).substring(m.group(2).lastIndexOf('/') + 1);
    return new LibrarySpec(
        LibrarySource.S3, type, fileName, null, path.strip(), null, null, List.of());
  }

  private static LibrarySpec workspace(
      LibraryBody body, String p, String workspaceRoot, List<FieldError> errors) {
    if (!blank(body.version()) || body.metadata() != null) {
      errors.add(
          new FieldError(
              p + (blank(body.version()) ? "metadata" : "version"),
              "is not used by a workspace library"));
      return null;
    }
    String path = blank(body.path()) ? body.name() : body.path();
    String field = blank(body.path()) ? "name" : "path";
    if (blank(path)) {
      errors.add(new FieldError(p + "path", "is required: a file of your workspace"));
      return null;
    }
    String relative = path.strip();
    String root = workspaceRoot.endsWith("/") ? workspaceRoot : workspaceRoot + "/";
    if (relative.startsWith(root)) {
      relative = relative.substring(root.length());
    }
    if (relative.length() > MAX || relative.startsWith("/") || !segmentsOk(relative)) {
      errors.add(
          new FieldError(
              p + field,
              "must be a path inside the workspace ("
                  + workspaceRoot
                  + "): segments of letters, digits and _.@+=,()- , none empty, '.', '..' or"
                  + " starting with '-'"));
      return null;
    }
    LibraryType type = fileType(relative, p + field, errors);
    if (type == null) {
      return null;
    }
    String fileName = relative.substring(relative.lastIndexOf('/') + 1);
    return new LibrarySpec(
        LibrarySource.WORKSPACE, type, fileName, null, relative, null, null, List.of());
  }

  private static boolean segmentsOk(String path) {
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()
          || segment.equals(".")
          || segment.equals("..")
          || !PATH_SEGMENT.matcher(segment).matches()) {
        return false;
      }
    }
    return true;
  }

  private static LibraryType fileType(String path, String field, List<FieldError> errors) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".whl")) {
      return LibraryType.WHL;
    } else if (lower.endsWith(".txt")) {
      return LibraryType.TXT;
    } else if (lower.endsWith(".jar")) {
      return LibraryType.JAR;
    } else if (lower.endsWith(".zip")) {
      return LibraryType.ZIP;
    } else if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
      return LibraryType.GZ;
    } else if (lower.endsWith(".tar")) {
      return LibraryType.TAR;
    }
    errors.add(new FieldError(field, "must name a .whl, .txt, .jar, .zip, .tar or .tar.gz file"));
    return null;
  }

  private static String httpUrl(String value, String field, String what, List<FieldError> errors) {
    if (value.length() > MAX || hasControl(value) || value.contains(" ") || value.startsWith("-")) {
      errors.add(new FieldError(field, "must be " + what));
      return null;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null
          || !uri.toASCIIString().equals(value)
          || value.matches(".*[\"'`$;|&<>\\\\{}^].*")) {
        errors.add(new FieldError(field, "must be " + what + " (http or https, no query)"));
        return null;
      }
      return value;
    } catch (URISyntaxException e) {
      errors.add(new FieldError(field, "must be " + what + ": " + e.getReason()));
      return null;
    }
  }

  /** The host of a validated URL. */
  static String host(String url) {
    return URI.create(url).getHost();
  }

  /** Whether an accepted URL is http rather than https (the scheme is accepted in any case). */
  static boolean isPlainHttp(String url) {
    return "http".equalsIgnoreCase(URI.create(url).getScheme());
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static boolean hasControl(String value) {
    return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }

  private static String strip(String prefix) {
    return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }
}
