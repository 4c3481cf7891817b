package com.darwin.compute.core.render;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's environment variables: {@code K=V} lines as the API takes them. Blank lines and {@code
 * #} comments are skipped.
 */
public final class EnvironmentVariables {

  /** Set by the control plane on every Ray container ({@link PodEnvironment}); not overridable. */
  public static final Set<String> MANDATORY =
      Set.of(
          "CLUSTER_ID",
          "CLUSTER_NAME",
          "CREATED_BY",
          "CLOUD_ENV",
          "TERMINATE_AFTER",
          "MY_POD_IP",
          "MY_POD_NAME",
          "SPARK_CONF_DIR",
          "WORKSPACE_DIR",
          "SPARK_CONNECT_ENABLED",
          "IS_SPARK_AUTO_INITIALIZATION");

  /**
   * Set by the KubeRay operator on Ray containers; a user value would shadow it, and KubeRay
   * rejects the Redis ones outright without GCS fault tolerance.
   */
  public static final Set<String> KUBERAY_MANAGED =
      Set.of(
          "RAY_CLUSTER_NAME",
          "RAY_CLUSTER_NAMESPACE",
          "RAY_IP",
          "FQ_RAY_IP",
          "RAY_PORT",
          "RAY_ADDRESS",
          "RAY_REDIS_ADDRESS",
          "REDIS_PASSWORD",
          "REDIS_USERNAME",
          "RAY_CLOUD_INSTANCE_ID",
          "RAY_NODE_TYPE_NAME",
          "KUBERAY_GEN_RAY_START_CMD");

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** {@code secret:NAME/KEY}: the value of key KEY of the Kubernetes Secret NAME. */
  private static final Pattern SECRET_REF =
      Pattern.compile("secret:([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)/([-._a-zA-Z0-9]{1,253})");

  public static final String SECRET_PREFIX = "secret:";

  /** How many Secrets {@code advance_config.env_from_secrets} may name. */
  public static final int MAX_ENV_FROM_SECRETS = 16;

  /** A Kubernetes Secret's name: a DNS-1123 subdomain. */
  private static final Pattern SECRET_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** What is wrong with a Secret name for {@code env_from_secrets}, or null when it is valid. */
  public static String secretNameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return "a Secret name must not be empty";
    }
    if (name.length() > 253 || !SECRET_NAME.matcher(name).matches()) {
      return "'"
          + (name.length() > 64 ? name.substring(0, 64) + "..." : name)
          + "' is not a Kubernetes Secret name (lowercase letters, digits, '-' and '.', starting"
          + " and ending alphanumeric, at most 253 characters)";
    }
    return null;
  }

  /**
   * The Secrets to take whole environments from, as rendering uses them: valid names, once each, in
   * order (a spec stored before a rule was added still renders; requests are checked).
   */
  public static List<String> validSecretSources(List<String> names) {
    Set<String> result = new LinkedHashSet<>();
    if (names != null) {
      for (String name : names) {
        if (secretNameProblem(name) == null && result.size() < MAX_ENV_FROM_SECRETS) {
          result.add(name);
        }
      }
    }
    return List.copyOf(result);
  }

  /**
   * Every Secret a pod of these settings reads: those named by {@code secret:NAME/KEY} values and
   * those taken whole ({@code env_from_secrets}), as rendering uses them.
   */
  public static Set<String> secretsRead(String lines, List<String> envFromSecrets) {
    Set<String> names = new LinkedHashSet<>();
    for (String value : parseValid(lines).values()) {
      secretRef(value).ifPresent(ref -> names.add(ref.secret()));
    }
    names.addAll(validSecretSources(envFromSecrets));
    return names;
  }

  /** Names that say their value is a credential: masked in reads for everyone but the owner. */
  private static final Pattern CREDENTIAL_NAME =
      Pattern.compile("(?i)((^|.*_)(SECRET|TOKEN).*|.*PASSWORD.*|(^|.*_)KEY)");

  public static final String MASK = "****";

  /** A reference to one key of a Kubernetes Secret, rendered as {@code secretKeyRef}. */
  public record SecretRef(String secret, String key) {}

  /** The Secret a value refers to, or empty for a plain value. */
  public static Optional<SecretRef> secretRef(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = SECRET_REF.matcher(value);
    return m.matches() ? Optional.of(new SecretRef(m.group(1), m.group(3))) : Optional.empty();
  }

  /**
   * Whether Kubernetes takes the reference in a pod: the name a DNS-1123 subdomain (the pattern
   * above lets through {@code a..b} and {@code a.-b}), the key a Secret key ({@code .}, {@code ..}
   * and keys starting {@code ..} are refused). KubeRay would otherwise fail every pod create, and
   * the cluster stay {@code creating}.
   */
  private static boolean kubernetesAccepts(SecretRef ref) {
    return secretNameProblem(ref.secret()) == null
        && !ref.key().equals(".")
        && !ref.key().startsWith("..");
  }

  public static boolean looksLikeCredential(String name) {
    return name != null && CREDENTIAL_NAME.matcher(name).matches();
  }

  /**
   * The lines with the plain values of credential-looking names replaced by {@value #MASK};
   * references to Secrets are not secret and stay. Lines are otherwise kept as written.
   */
  public static String maskCredentials(String lines) {
    if (lines == null || lines.isEmpty()) {
      return lines;
    }
    StringBuilder out = new StringBuilder();
    Matcher breaks = LINE_BREAK.matcher(lines);
    int start = 0;
    while (true) {
      boolean found = breaks.find();
      int end = found ? breaks.start() : lines.length();
      out.append(maskLine(lines.substring(start, end)));
      if (!found) {
        break;
      }
      out.append(breaks.group());
      start = breaks.end();
    }
    return out.toString();
  }

  private static String maskLine(String line) {
    int eq = line.indexOf('=');
    if (eq <= 0 || line.strip().startsWith("#")) {
      return line;
    }
    String key = line.substring(0, eq).strip();
    String value = line.substring(eq + 1).strip();
    if (!looksLikeCredential(key) || value.isEmpty() || secretRef(value).isPresent()) {
      return line;
    }
    return line.substring(0, eq + 1) + MASK;
  }

  /**
   * The lines of an edit with each masked value ({@value #MASK}) of a credential-looking name put
   * back from the stored lines: whoever reads a cluster but its owner reads those values masked,
   * and an edit of something else sends them back so (they were stored as {@value #MASK}). A masked
   * name the stored lines do not have, or have without a plain value, stays as sent.
   */
  public static String restoreMasked(String edited, String stored) {
    if (edited == null || edited.isEmpty() || !edited.contains(MASK)) {
      return edited;
    }
    Map<String, String> storedValues = parseValid(stored);
    StringBuilder out = new StringBuilder();
    Matcher breaks = LINE_BREAK.matcher(edited);
    int start = 0;
    while (true) {
      boolean found = breaks.find();
      int end = found ? breaks.start() : edited.length();
      out.append(restoreLine(edited.substring(start, end), storedValues));
      if (!found) {
        break;
      }
      out.append(breaks.group());
      start = breaks.end();
    }
    return out.toString();
  }

  private static String restoreLine(String line, Map<String, String> storedValues) {
    int eq = line.indexOf('=');
    if (eq <= 0 || line.strip().startsWith("#")) {
      return line;
    }
    String key = line.substring(0, eq).strip();
    String stored = storedValues.get(key);
    if (!MASK.equals(line.substring(eq + 1).strip())
        || !looksLikeCredential(key)
        || stored == null
        || stored.isEmpty()
        || secretRef(stored).isPresent()) {
      return line;
    }
    return line.substring(0, eq + 1) + stored;
  }

  private static final Pattern LINE_BREAK = Pattern.compile("\\R");

  private EnvironmentVariables() {}

  /**
   * The variables rendering uses: like {@link #parse} but skipping what {@code parse} rejects, so a
   * spec stored before a rule was added still renders (requests are checked with {@code parse}).
   */
  public static Map<String, String> parseValid(String lines) {
    Map<String, String> result = new LinkedHashMap<>();
    if (lines == null) {
      return result;
    }
    for (String raw : LINE_BREAK.split(lines)) {
      try {
        result.putAll(parse(raw));
      } catch (IllegalArgumentException e) {
        // rejected at request time; skipped here
      }
    }
    return result;
  }

  /**
   * Parses the lines; throws {@link IllegalArgumentException} naming the first bad line by its
   * number, never by its text: a malformed line is often a credential written another way ({@code
   * TOKEN: ghp_...}, a base64 value whose padding reads as the {@code =}), and the message of a
   * refused edit goes on the cluster's timeline, which every signed-in caller reads, and to
   * Chronos.
   *
   * @return the variables in the order given
   */
  public static Map<String, String> parse(String lines) {
    Map<String, String> result = new LinkedHashMap<>();
    if (lines == null) {
      return result;
    }
    int lineNo = 0;
    for (String raw : LINE_BREAK.split(lines)) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("line " + lineNo + " is not NAME=VALUE");
      }
      String key = line.substring(0, eq).strip();
      if (!NAME.matcher(key).matches()) {
        throw new IllegalArgumentException(
            "line "
                + lineNo
                + ": what comes before its first '=' is not a variable name (letters, digits and"
                + " '_', not starting with a digit)");
      }
      if (MANDATORY.contains(key)) {
        throw new IllegalArgumentException(
            "line " + lineNo + ": " + key + " is set by Darwin Compute and cannot be overridden");
      }
      if (KUBERAY_MANAGED.contains(key)) {
        throw new IllegalArgumentException(
            "line " + lineNo + ": " + key + " is set by KubeRay and cannot be overridden");
      }
      String value = line.substring(eq + 1).strip();
      if (value.startsWith(SECRET_PREFIX)
          && secretRef(value).filter(EnvironmentVariables::kubernetesAccepts).isEmpty()) {
        throw new IllegalArgumentException(
            "line "
                + lineNo
                + ": "
                + key
                + " refers to a Secret as secret:NAME/KEY (NAME a Kubernetes Secret, KEY one of"
                + " its keys)");
      }
      result.put(key, value);
    }
    return result;
  }
}
