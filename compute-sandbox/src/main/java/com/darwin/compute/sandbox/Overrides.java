package com.darwin.compute.sandbox;

import java.util.Optional;

/**
 * Looks up "use this external service instead" switches, so a developer can point the sandbox at an
 * already running database or Elasticsearch without editing any file.
 */
final class Overrides {

  static final String DATABASE_URL_PROPERTY = "sandbox.database.url";
  static final String DATABASE_URL_ENV = "SANDBOX_DB_URL";
  static final String ELASTICSEARCH_URL_PROPERTY = "sandbox.elasticsearch.url";
  static final String ELASTICSEARCH_URL_ENV = "SANDBOX_ES_URL";
  static final String ELASTICSEARCH_JVM_OPTIONS_PROPERTY = "sandbox.elasticsearch.jvm-options";
  static final String CRD_FILE_PROPERTY = "sandbox.kubernetes.crd-file";
  // The names the CRD schema tests read too (README: KubeRay CRD schema tests).
  static final String KUBERAY_CRD_FILE_PROPERTY = "kuberay.crd-file";
  static final String KUBERAY_CRD_FILE_ENV = "KUBERAY_CRD_FILE";

  private Overrides() {}

  /** System property first, then the same name as system property or environment variable. */
  static Optional<String> lookup(String property, String environmentVariable) {
    return firstNonBlank(
        System.getProperty(property),
        environmentVariable == null ? null : System.getProperty(environmentVariable),
        environmentVariable == null ? null : System.getenv(environmentVariable));
  }

  private static Optional<String> firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return Optional.of(value.trim());
      }
    }
    return Optional.empty();
  }
}
