package com.darwin.compute.api;

import com.darwin.compute.ComputeApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A whole Darwin Compute process (application context) started and stopped by a test. */
final class ComputeInstance implements AutoCloseable {

  private final ConfigurableApplicationContext context;
  final Api api;

  private ComputeInstance(ConfigurableApplicationContext context) {
    this.context = context;
    this.api = new Api(((WebServerApplicationContext) context).getWebServer().getPort());
  }

  static ComputeInstance start(String instanceId, String... properties) {
    // Command-line arguments, so they win over application.yml (server.port: 8000).
    List<String> args =
        new ArrayList<>(
            List.of("--server.port=0", "--compute.reconciler.instance-id=" + instanceId));
    for (String property : properties) {
      args.add("--" + property);
    }
    return new ComputeInstance(
        new SpringApplicationBuilder(ComputeApplication.class)
            .profiles("test")
            .run(args.toArray(String[]::new)));
  }

  int port() {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
  }
}
