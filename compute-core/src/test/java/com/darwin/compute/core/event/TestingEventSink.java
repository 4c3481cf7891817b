package com.darwin.compute.core.event;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * An event service in memory: records every body it is handed and answers from a script (one answer
 * per delivery, then {@code SENT} once the script runs out).
 */
final class TestingEventSink implements EventSink {

  private final Deque<Delivery> script = new ArrayDeque<>();
  final List<Map<String, Object>> received = new ArrayList<>();

  /** The answers to the next deliveries, in order. */
  TestingEventSink answering(Delivery... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  @Override
  public Delivery deliver(Map<String, Object> event) {
    received.add(event);
    return script.isEmpty() ? Delivery.SENT : script.poll();
  }

  /** The {@code message} of each delivered body, in delivery order. */
  List<Object> messages() {
    return received.stream().map(body -> body.get("message")).toList();
  }
}
