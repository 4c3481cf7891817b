package com.darwin.compute.sandbox.spring;

import com.darwin.compute.sandbox.MockKubernetesApi;
import com.darwin.compute.sandbox.Sandbox;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code sandbox.enabled=true}, starts the {@link Sandbox} before the application context is
 * built and points the application at it (datasource, Elasticsearch, Kubernetes target).
 *
 * <p>Done in an EnvironmentPostProcessor rather than a bean because the datasource and the
 * Kubernetes target are bound from properties long before any bean of ours could run.
 */
public class SandboxEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  public static final String PROPERTY_SOURCE_NAME = "sandbox";

  /**
   * {@code mysql} when {@code sandbox.database.url} is a real MySQL (the {@code -Pmysql8} tests):
   * then the MariaDB dialect settings below are not applied.
   */
  public static final String DATABASE_DIALECT = "sandbox.database.dialect";

  private static final String MYSQL = "mysql";

  /** The name of the Kubernetes target the control plane is pointed at. */
  public static final String KUBERNETES_TARGET = "sandbox";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (!SandboxSettingsBinder.isEnabled(environment)) {
      return;
    }
    Sandbox sandbox = Sandbox.get(SandboxSettingsBinder.bind(environment));
    Map<String, Object> properties = properties(sandbox);
    if (environment.getProperty(SandboxSettingsBinder.FRESH_STORES, Boolean.class, false)) {
      FreshStores stores = FreshStores.beside(sandbox.database().jdbcUrl());
      properties.put("spring.datasource.url", stores.databaseUrl());
      properties.put("compute.search.index", stores.searchIndex());
    }
    if (MYSQL.equalsIgnoreCase(environment.getProperty(DATABASE_DIALECT, "mariadb"))) {
      // A real MySQL behind sandbox.database.url: leave the dialect to Hibernate's detection
      // (MySQLDialect), exactly as in production.
      properties.keySet().removeIf(name -> name.startsWith("spring.jpa."));
    }
    MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE_NAME, properties);
    if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
      environment.getPropertySources().replace(PROPERTY_SOURCE_NAME, source);
    } else {
      environment.getPropertySources().addFirst(source);
    }
  }

  /** The properties the application reads to find the sandbox's services. */
  public static Map<String, Object> properties(Sandbox sandbox) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", sandbox.database().jdbcUrl());
    properties.put("spring.datasource.username", sandbox.database().username());
    properties.put("spring.datasource.password", sandbox.database().password());
    // MariaDB 11 behind mysql-connector-j confuses Hibernate's dialect detection; these settings
    // skip the detection (see toolchain notes on HHH100045).
    properties.put("spring.jpa.database-platform", "org.hibernate.dialect.MariaDBDialect");
    properties.put("spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access", "false");
    properties.put("spring.jpa.properties.jakarta.persistence.database-product-name", "MariaDB");
    properties.put("spring.jpa.properties.jakarta.persistence.database-product-version", "11.4");
    properties.put("spring.jpa.properties.jakarta.persistence.database-major-version", "11");
    properties.put("spring.jpa.properties.jakarta.persistence.database-minor-version", "4");
    properties.put("compute.search.url", sandbox.elasticsearch().url());
    properties.put("compute.ray.dashboard-url", sandbox.ray().dashboardUrlTemplate());
    properties.put("compute.ray.jupyter-url", sandbox.ray().jupyterUrlTemplate());
    properties.put(
        "compute.jupyter-pods.internal-url", sandbox.jupyterServers().internalUrlTemplate());
    properties.put("compute.slack.api-url", sandbox.slack().apiUrl());
    properties.put("compute.maven.search-url", sandbox.maven().searchUrl());
    properties.put("compute.slack.token", "xoxb-sandbox-token");
    properties.put("compute.slack.channel", "#darwin-alerts");
    properties.put("compute.slack.environment", "sandbox");
    String target = "compute.kubernetes.targets." + KUBERNETES_TARGET;
    properties.put(target + ".master-url", sandbox.kubernetes().masterUrl());
    properties.put(target + ".namespace", MockKubernetesApi.NAMESPACE);
    properties.put("compute.kubernetes.default-target", KUBERNETES_TARGET);
    // The CRUD mock answers server-side apply with 404/415.
    properties.put("compute.kubernetes.apply-mode", "update");
    return properties;
  }

  /** After the config data (application.yml, profiles) is loaded, so sandbox.* there is seen. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
