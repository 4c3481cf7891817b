package com.darwin.compute.bench.harness.floor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The floor of HTTP itself for B1: the same primary-key read as the JDBC floor, served as a JSON
 * envelope by the JDK's bare {@link HttpServer} in the service's JVM, through the service's own
 * pool. No framework, no security, no mapping layer: what a read costs over HTTP when nothing but
 * the socket, the statement and the JSON is paid. The service's ratio to it is what Spring, the
 * filters and the service's own code cost beyond that.
 *
 * <p>{@code GET /cluster/{id}} answers {@code {"status":"SUCCESS","data":{every column},
 * "message":...}}, 404 for an unknown id.
 */
public final class HttpFloor implements AutoCloseable {

  private static final String PK_READ = "SELECT * FROM clusters WHERE cluster_id = ?";
  private static final String PREFIX = "/cluster/";

  private final HttpServer server;
  private final ExecutorService workers;
  private final JsonMapper json = JsonMapper.builder().build();
  private final DataSource pool;

  private HttpFloor(DataSource pool, int threads) throws IOException {
    this.pool = pool;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    // As many request threads as the load has connections: none waits for a worker.
    this.workers = Executors.newFixedThreadPool(threads);
    server.setExecutor(workers);
    server.createContext(PREFIX, this::handle);
    server.start();
  }

  /** Starts the floor server on a free port of the loopback interface. */
  public static HttpFloor start(DataSource pool, int threads) throws IOException {
    return new HttpFloor(pool, threads);
  }

  /** {@code http://127.0.0.1:<port>} */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String id = exchange.getRequestURI().getPath().substring(PREFIX.length());
      byte[] body;
      int status;
      try {
        ObjectNode row = read(id);
        status = row == null ? 404 : 200;
        ObjectNode envelope = json.createObjectNode();
        envelope.put("status", row == null ? "ERROR" : "SUCCESS");
        envelope.set("data", row);
        envelope.put("message", row == null ? "not found" : "Cluster fetched");
        body = json.writeValueAsBytes(envelope);
      } catch (SQLException e) {
        status = 500;
        body =
            ("{\"status\":\"ERROR\",\"message\":\"" + e.getClass().getSimpleName() + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private ObjectNode read(String clusterId) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement(PK_READ)) {
      select.setString(1, clusterId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return null;
        }
        ResultSetMetaData meta = row.getMetaData();
        ObjectNode data = json.createObjectNode();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          Object value = row.getObject(c);
          String name = meta.getColumnLabel(c);
          if (value == null) {
            data.putNull(name);
          } else if (value instanceof Number n) {
            data.put(name, n.longValue());
          } else if (value instanceof Boolean b) {
            data.put(name, b);
          } else {
            data.put(name, value.toString());
          }
        }
        return data;
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
