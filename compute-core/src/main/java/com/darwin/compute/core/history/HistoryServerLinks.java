package com.darwin.compute.core.history;

import com.darwin.compute.core.config.DashboardProperties;
import org.springframework.stereotype.Component;

/** The public link of a server and the path the Darwin proxy serves it under. */
@Component
public class HistoryServerLinks {

  private final HistoryProperties properties;
  private final DashboardProperties dashboards;

  public HistoryServerLinks(HistoryProperties properties, DashboardProperties dashboards) {
    this.properties = properties;
    this.dashboards = dashboards;
  }

  public String url(String id, String cloudEnv) {
    return fill(properties.urlTemplate(), id, cloudEnv);
  }

  /** The server's Service inside the Kubernetes cluster. */
  public String internalUrl(String id, String namespace) {
    return "http://" + id + "." + namespace + ".svc.cluster.local:" + properties.port() + "/";
  }

  public String proxyBase(String id, String cloudEnv) {
    return fill(properties.proxyBase(), id, cloudEnv);
  }

  private String fill(String template, String id, String cloudEnv) {
    return template
        .replace("{host}", dashboards.host())
        .replace("{cloud_env}", cloudEnv)
        .replace("{id}", id);
  }
}
