package com.darwin.compute.core.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.core.json.JsonModules;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.elasticsearch.client.RestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Elasticsearch client, built here because the Boot 4.1.1 Elasticsearch starter cannot be
 * resolved (reference/toolchain.md) and its managed 9.x client cannot talk to an 8.19 server.
 */
@Configuration(proxyBeanMethods = false)
class SearchClientConfiguration {

  @Bean(destroyMethod = "close")
  RestClient elasticsearchRestClient(SearchProperties properties) {
    var builder =
        RestClient.builder(HttpHost.create(properties.url()))
            .setRequestConfigCallback(
                rc ->
                    rc.setConnectTimeout((int) properties.requestTimeout().toMillis())
                        // The builder leaves the wait for a pooled connection unbounded: while
                        // Elasticsearch hung, every call (a search's index check, the outbox's
                        // writes) queued behind the held connections, each served in turn to
                        // wait out its own timeout. The pool checks this deadline when a
                        // connection comes back: a call past it then fails, unsent.
                        .setConnectionRequestTimeout((int) properties.poolWait().toMillis())
                        .setSocketTimeout((int) properties.requestTimeout().toMillis()));
    builder.setHttpClientConfigCallback(
        http -> {
          // The client's defaults (10 connections per host, 30 in all) queue searches behind each
          // other well before Tomcat's request threads run out.
          http.setMaxConnPerRoute(properties.maxConnections())
              .setMaxConnTotal(properties.maxConnections());
          if (properties.username() != null && !properties.username().isBlank()) {
            http.setDefaultCredentialsProvider(credentials(properties));
          }
          return http;
        });
    return builder.build();
  }

  /**
   * The client's own mapper (its defaults kept), with the service's modules ({@link JsonModules}:
   * instants, records, statuses): a page of search hits is twenty records with two instants and two
   * statuses each.
   */
  @Bean
  Jackson3JsonpMapper elasticsearchJsonpMapper() {
    return new Jackson3JsonpMapper(
        new Jackson3JsonpMapper().objectMapper().rebuild().addModules(JsonModules.all()).build());
  }

  @Bean
  ElasticsearchClient elasticsearchClient(
      RestClient restClient, Jackson3JsonpMapper elasticsearchJsonpMapper) {
    return new ElasticsearchClient(new RestClientTransport(restClient, elasticsearchJsonpMapper));
  }

  /**
   * Searches' own HTTP client (see {@link DirectSearch}): blocking, so a search is sent and read on
   * the request's thread, with the same pool size, timeouts and credentials as the client above.
   */
  @Bean(destroyMethod = "close")
  CloseableHttpClient elasticsearchSearchHttpClient(SearchProperties properties) {
    int timeout = (int) properties.requestTimeout().toMillis();
    var builder =
        HttpClients.custom()
            .setMaxConnPerRoute(properties.maxConnections())
            .setMaxConnTotal(properties.maxConnections())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectTimeout(timeout)
                    // Short: when Elasticsearch hangs, every connection waits out its timeout,
                    // and searches queued behind them held request threads until none was left
                    // for the probes. A search that finds them all busy is a 503 soon instead.
                    .setConnectionRequestTimeout((int) properties.poolWait().toMillis())
                    .setSocketTimeout(timeout)
                    .build())
            // The default retry handler stays: it resends only a request that was never sent
            // (a kept-alive connection the server had closed), never after a refused connection.
            .disableCookieManagement()
            .disableRedirectHandling()
            // The client asks for gzip by default: Elasticsearch then compresses every page of
            // hits (a few kilobytes) and this thread inflates it, both sides spending CPU to save
            // bandwidth a page does not need (inflating was 5% of a search's request-thread CPU).
            .disableContentCompression();
    if (properties.username() != null && !properties.username().isBlank()) {
      builder.setDefaultCredentialsProvider(credentials(properties));
    }
    return builder.build();
  }

  private static BasicCredentialsProvider credentials(SearchProperties properties) {
    var credentials = new BasicCredentialsProvider();
    credentials.setCredentials(
        AuthScope.ANY,
        new UsernamePasswordCredentials(properties.username(), properties.password()));
    return credentials;
  }
}
