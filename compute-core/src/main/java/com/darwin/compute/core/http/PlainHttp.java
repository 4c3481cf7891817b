package com.darwin.compute.core.http;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * JDK HTTP clients for the services inside the platform reached over plain HTTP: Ray dashboards,
 * Jupyter servers, Chronos. They speak HTTP/1.1. The JDK's default, HTTP/2, adds {@code Connection:
 * Upgrade, HTTP2-Settings} and {@code Upgrade: h2c} to every plain-HTTP request, bodies included,
 * and the aiohttp of some Ray images (3.8 to 3.10.1) then takes the request as upgraded and never
 * hands its body to the dashboard: a job submit or a package upload waited until its timeout.
 */
public final class PlainHttp {

  private PlainHttp() {}

  public static HttpClient client(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .build();
  }
}
