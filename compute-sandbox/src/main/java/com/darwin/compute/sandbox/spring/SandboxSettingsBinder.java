package com.darwin.compute.sandbox.spring;

import com.darwin.compute.sandbox.ElasticsearchServer;
import com.darwin.compute.sandbox.OperatorDelays;
import com.darwin.compute.sandbox.SandboxSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/** Reads {@link SandboxSettings} from the {@code sandbox.*} properties of a Spring Environment. */
public final class SandboxSettingsBinder {

  public static final String ENABLED = "sandbox.enabled";
  public static final String HEAD_READY_DELAY = "sandbox.operator.head-ready-delay";
  public static final String JUPYTER_READY_DELAY = "sandbox.operator.jupyter-ready-delay";
  public static final String WORKER_READY_DELAY = "sandbox.operator.worker-ready-delay";
  public static final String ELASTICSEARCH_HEAP = "sandbox.elasticsearch.heap";
  public static final String ELASTICSEARCH_URL = "sandbox.elasticsearch.url";
  public static final String ELASTICSEARCH_JVM_OPTIONS = "sandbox.elasticsearch.jvm-options";
  public static final String DATABASE_URL = "sandbox.database.url";
  public static final String CRD_FILE = "sandbox.kubernetes.crd-file";

  /**
   * True: the context gets an empty database and search index of its own on the shared servers (see
   * {@link FreshStores}).
   */
  public static final String FRESH_STORES = "sandbox.fresh-stores";

  private SandboxSettingsBinder() {}

  public static boolean isEnabled(Environment environment) {
    return environment.getProperty(ENABLED, Boolean.class, false);
  }

  /**
   * Properties win; unset ones fall back to {@link SandboxSettings#defaults()}, which also honours
   * the {@code SANDBOX_DB_URL} / {@code SANDBOX_ES_URL} environment variables.
   */
  public static SandboxSettings bind(Environment environment) {
    Binder binder = Binder.get(environment);
    SandboxSettings defaults = SandboxSettings.defaults();
    OperatorDelays defaultDelays = defaults.operatorDelays();
    OperatorDelays delays =
        new OperatorDelays(
            binder.bind(HEAD_READY_DELAY, Duration.class).orElse(defaultDelays.headReadyDelay()),
            binder
                .bind(JUPYTER_READY_DELAY, Duration.class)
                .orElse(defaultDelays.jupyterReadyDelay()),
            binder
                .bind(WORKER_READY_DELAY, Duration.class)
                .orElse(defaultDelays.workerReadyDelay()));
    return new SandboxSettings(
        delays,
        binder.bind(ELASTICSEARCH_HEAP, String.class).orElse(ElasticsearchServer.DEFAULT_HEAP),
        binder.bind(DATABASE_URL, String.class).orElse(defaults.databaseUrl()),
        binder.bind(ELASTICSEARCH_URL, String.class).orElse(defaults.elasticsearchUrl()),
        binder.bind(CRD_FILE, String.class).map(Path::of).orElse(defaults.crdFile()),
        binder
            .bind(ELASTICSEARCH_JVM_OPTIONS, String.class)
            .orElse(defaults.elasticsearchJvmOptions()));
  }
}
