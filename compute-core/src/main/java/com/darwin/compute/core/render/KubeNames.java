package com.darwin.compute.core.render;

import java.util.regex.Pattern;

/** The Kubernetes name and label syntaxes that generated names and labels must satisfy. */
final class KubeNames {

  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern IANA_SVC_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
  private static final Pattern ENV_VAR_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  private KubeNames() {}

  /** Services and RayClusters: lowercase alphanumeric and '-', starting with a letter, ≤63. */
  static boolean isDns1035Label(String name) {
    return name != null && name.length() <= 63 && DNS_1035_LABEL.matcher(name).matches();
  }

  /** Container, volume names: lowercase alphanumeric and '-', ≤63. */
  static boolean isDns1123Label(String name) {
    return name != null && name.length() <= 63 && DNS_1123_LABEL.matcher(name).matches();
  }

  /** Most object names (ConfigMaps, claims): dot-separated DNS-1123 labels, ≤253. */
  static boolean isDns1123Subdomain(String name) {
    if (name == null || name.isEmpty() || name.length() > 253) {
      return false;
    }
    for (String part : name.split("\\.", -1)) {
      if (!DNS_1123_LABEL.matcher(part).matches()) {
        return false;
      }
    }
    return true;
  }

  /** A label key: optional DNS-subdomain prefix and '/', then a name of ≤63 characters. */
  static boolean isLabelKey(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    int slash = key.lastIndexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0 && !isDns1123Subdomain(key.substring(0, slash))) {
      return false;
    }
    return name.length() <= 63 && LABEL_NAME.matcher(name).matches();
  }

  static boolean isLabelValue(String value) {
    return value != null
        && (value.isEmpty() || (value.length() <= 63 && LABEL_NAME.matcher(value).matches()));
  }

  /** Named container ports: ≤15 characters, at least one letter, no "--". */
  static boolean isPortName(String name) {
    return name != null
        && name.length() <= 15
        && IANA_SVC_NAME.matcher(name).matches()
        && !name.contains("--")
        && name.chars().anyMatch(Character::isLetter);
  }

  static boolean isEnvVarName(String name) {
    return name != null && ENV_VAR_NAME.matcher(name).matches();
  }
}
