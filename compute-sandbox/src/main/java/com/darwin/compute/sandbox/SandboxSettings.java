package com.darwin.compute.sandbox;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start the {@link Sandbox}.
 *
 * @param operatorDelays how fast simulated pods become ready
 * @param elasticsearchHeap heap of the Elasticsearch JVM, e.g. {@code 256m}
 * @param databaseUrl JDBC URL of an external database to use instead of starting MariaDB; null to
 *     start one
 * @param elasticsearchUrl URL of an external Elasticsearch to use instead of starting one; null to
 *     start one
 * @param crdFile the RayCluster CRD to register; null to locate it (see {@link
 *     MockKubernetesApi#start(Path)})
 * @param elasticsearchJvmOptions more options for the Elasticsearch JVM, after the heap; empty for
 *     none. The builds' tests start it with C1 only ({@code -XX:TieredStopAtLevel=1}): its start
 *     takes half the CPU, and a test's few searches never reach compiled code that C2 would make
 *     faster. Never for the bench, whose floor is Elasticsearch's own speed.
 */
public record SandboxSettings(
    OperatorDelays operatorDelays,
    String elasticsearchHeap,
    String databaseUrl,
    String elasticsearchUrl,
    Path crdFile,
    String elasticsearchJvmOptions) {

  public SandboxSettings {
    Objects.requireNonNull(operatorDelays, "operatorDelays");
    if (elasticsearchHeap == null || elasticsearchHeap.isBlank()) {
      elasticsearchHeap = ElasticsearchServer.DEFAULT_HEAP;
    }
    databaseUrl = blankToNull(databaseUrl);
    elasticsearchUrl = blankToNull(elasticsearchUrl);
    elasticsearchJvmOptions = elasticsearchJvmOptions == null ? "" : elasticsearchJvmOptions.trim();
  }

  /**
   * Default delays and heap; external services from the system properties {@code
   * sandbox.database.url} / {@code sandbox.elasticsearch.url} or the environment variables {@code
   * SANDBOX_DB_URL} / {@code SANDBOX_ES_URL}; CRD file from {@code sandbox.kubernetes.crd-file}.
   */
  public static SandboxSettings defaults() {
    return new SandboxSettings(
        OperatorDelays.defaults(),
        ElasticsearchServer.DEFAULT_HEAP,
        Overrides.lookup(Overrides.DATABASE_URL_PROPERTY, Overrides.DATABASE_URL_ENV).orElse(null),
        Overrides.lookup(Overrides.ELASTICSEARCH_URL_PROPERTY, Overrides.ELASTICSEARCH_URL_ENV)
            .orElse(null),
        Overrides.lookup(Overrides.CRD_FILE_PROPERTY, null).map(Path::of).orElse(null),
        Overrides.lookup(Overrides.ELASTICSEARCH_JVM_OPTIONS_PROPERTY, null).orElse(""));
  }

  public SandboxSettings withOperatorDelays(OperatorDelays delays) {
    return new SandboxSettings(
        delays, elasticsearchHeap, databaseUrl, elasticsearchUrl, crdFile, elasticsearchJvmOptions);
  }

  public SandboxSettings withElasticsearchHeap(String heap) {
    return new SandboxSettings(
        operatorDelays, heap, databaseUrl, elasticsearchUrl, crdFile, elasticsearchJvmOptions);
  }

  public SandboxSettings withDatabaseUrl(String url) {
    return new SandboxSettings(
        operatorDelays, elasticsearchHeap, url, elasticsearchUrl, crdFile, elasticsearchJvmOptions);
  }

  public SandboxSettings withElasticsearchUrl(String url) {
    return new SandboxSettings(
        operatorDelays, elasticsearchHeap, databaseUrl, url, crdFile, elasticsearchJvmOptions);
  }

  public SandboxSettings withCrdFile(Path file) {
    return new SandboxSettings(
        operatorDelays,
        elasticsearchHeap,
        databaseUrl,
        elasticsearchUrl,
        file,
        elasticsearchJvmOptions);
  }

  /** Same services (everything but the delays, which can change at run time). */
  boolean sameInfrastructureAs(SandboxSettings other) {
    return Objects.equals(elasticsearchHeap, other.elasticsearchHeap)
        && Objects.equals(databaseUrl, other.databaseUrl)
        && Objects.equals(elasticsearchUrl, other.elasticsearchUrl)
        && Objects.equals(crdFile, other.crdFile)
        && Objects.equals(elasticsearchJvmOptions, other.elasticsearchJvmOptions);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
