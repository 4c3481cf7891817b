package com.darwin.compute.core.render;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ray versions and image tags: {@code rayVersion} must match the image the pods run. */
public final class RuntimeVersions {

  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");
  private static final Pattern VERSIONED_TAG = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?([-.].*)?");

  private static final Pattern LEADING_VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");

  private RuntimeVersions() {}

  /** True when {@code version} is at least {@code major.minor}; false when it does not parse. */
  static boolean atLeast(String version, int major, int minor) {
    if (version == null) {
      return false;
    }
    Matcher m = VERSION.matcher(version.strip());
    if (!m.matches()) {
      return false;
    }
    int byMajor = compare(m.group(1), major);
    return byMajor > 0 || (byMajor == 0 && compare(m.group(2), minor) >= 0);
  }

  /**
   * A version's number against an int, without parsing it into one: a runtime may be registered
   * with any number of digits ({@code 99999999999.0}), and parsing that failed every create of it
   * with a 500.
   */
  private static int compare(String digits, int value) {
    String number = digits.replaceFirst("^0+(?=\\d)", "");
    if (number.length() > 9) {
      return 1; // ten digits or more: beyond every version it is compared with
    }
    return Integer.compare(Integer.parseInt(number), value);
  }

  /**
   * The tag of an image reference ({@code repo/name:tag}, with or without a registry port or a
   * digest), or empty when it has none.
   */
  public static Optional<String> tag(String image) {
    if (image == null) {
      return Optional.empty();
    }
    String ref = image;
    int at = ref.indexOf('@');
    if (at >= 0) {
      ref = ref.substring(0, at);
    }
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    return colon > slash ? Optional.of(ref.substring(colon + 1)) : Optional.empty();
  }

  /**
   * The Ray version an image's tag starts with ({@code 2.37.0} of {@code ray:2.37.0-py310-cpu}), or
   * empty when the tag carries none.
   */
  public static Optional<String> versionOfTag(String image) {
    return tag(image)
        .filter(t -> VERSIONED_TAG.matcher(t).matches())
        .map(
            t -> {
              Matcher m = LEADING_VERSION.matcher(t);
              return m.lookingAt() ? m.group() : t;
            });
  }

  /**
   * Whether the image's tag contradicts the Ray version: a tag that starts with a version ({@code
   * 2.37.0}, {@code 2.47.1-py310-gpu}) must start with exactly {@code rayVersion}. Tags that carry
   * no version ({@code latest}, a custom build's name) cannot be checked and pass.
   */
  public static boolean contradicts(String image, String rayVersion) {
    Optional<String> tag = tag(image);
    if (tag.isEmpty() || !VERSIONED_TAG.matcher(tag.get()).matches()) {
      return false;
    }
    String t = tag.get();
    return rayVersion == null
        || !(t.equals(rayVersion)
            || t.startsWith(rayVersion + "-")
            || t.startsWith(rayVersion + "."));
  }
}
