package com.darwin.compute.core.history;

import java.util.regex.Pattern;

/**
 * Where event logs are read from, normalised and checked. S3 locations are normalised as the Python
 * service did ({@code s3://} becomes {@code s3a://}; a bare {@code bucket/prefix} gets {@code
 * s3a://}); workspace paths become absolute paths under the workspace mount. Only plain path
 * characters pass: the location ends up in a JVM option, and {@code ..} could leave the workspace.
 */
final class EventsPaths {

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  // A location that names its scheme; anything else is a bare bucket/prefix (whose bucket may
  // well begin with "s3": s3-logs/x).
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_=+@-][A-Za-z0-9._=+@-]*");

  private EventsPaths() {}

  /** Thrown with what is wrong with the path, for a 400 on {@code events_path}. */
  static final class InvalidPath extends RuntimeException {
    InvalidPath(String message) {
      super(message);
    }
  }

  /** The Python service's normalisation, then the checks: {@code s3a://bucket[/prefix]}. */
  static String s3(String path) {
    String trimmed = path.strip();
    String normalised =
        SCHEME.matcher(trimmed).find()
            ? trimmed.replaceFirst("(?i)^s3a?://", "s3a://")
            : "s3a://" + trimmed.replaceFirst("^/+", "");
    if (!normalised.startsWith("s3a://")) {
      throw new InvalidPath("must be an S3 location (s3://bucket/prefix or s3a://bucket/prefix)");
    }
    String rest = stripTrailingSlashes(normalised.substring("s3a://".length()));
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new InvalidPath(
          "names no valid S3 bucket ('"
              + bucket
              + "'): 3 to 63 lower-case letters, digits, dots and hyphens");
    }
    if (slash >= 0) {
      checkSegments(rest.substring(slash + 1));
    }
    return "s3a://" + rest;
  }

  /**
   * A folder of the workspace: relative to it ({@code spark/eventlogs/x}), in the Python service's
   * form ({@code fsx/spark/eventlogs/x}) or absolute under the mount ({@code
   * /home/ray/fsx/spark/eventlogs/x}). Returns the absolute path.
   */
  static String workspace(String path, String mountPath) {
    String trimmed = stripTrailingSlashes(path.strip());
    String mount = stripTrailingSlashes(mountPath);
    String mountName = mount.substring(mount.lastIndexOf('/') + 1);
    String relative;
    if (trimmed.startsWith(mount + "/")) {
      relative = trimmed.substring(mount.length() + 1);
    } else if (trimmed.startsWith("/")) {
      throw new InvalidPath("must be inside the workspace (" + mount + ")");
    } else if (!mountName.isEmpty() && trimmed.equals(mountName)) {
      relative = "";
    } else if (!mountName.isEmpty() && trimmed.startsWith(mountName + "/")) {
      relative = trimmed.substring(mountName.length() + 1);
    } else {
      relative = trimmed;
    }
    if (relative.isEmpty()) {
      throw new InvalidPath("must name a folder inside the workspace, not the workspace itself");
    }
    checkSegments(relative);
    return mount + "/" + relative;
  }

  private static void checkSegments(String path) {
    if (path.isEmpty()) {
      return;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()) {
        throw new InvalidPath("has an empty path segment ('//')");
      }
      if (!SEGMENT.matcher(segment).matches()) {
        throw new InvalidPath(
            "has a segment '"
                + segment
                + "' with characters other than letters, digits and ._=+@- (or one that is"
                + " . or ..)");
      }
    }
  }

  private static String stripTrailingSlashes(String path) {
    String result = path;
    while (result.length() > 1 && result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
