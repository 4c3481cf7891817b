package com.darwin.compute.bench.harness.report;

import com.darwin.compute.bench.harness.load.LatencyStats;

/**
 * One bar pair of the latency chart: the service and its floor for the same work.
 *
 * @param label e.g. {@code B1 GET /cluster/{id}, 32 concurrent}
 * @param floorName e.g. {@code raw JDBC PK read}
 */
public record LatencyFigure(
    String label, LatencyStats service, LatencyStats floor, String floorName) {}
