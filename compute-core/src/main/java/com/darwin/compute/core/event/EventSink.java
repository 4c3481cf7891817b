package com.darwin.compute.core.event;

import java.util.Map;

/**
 * Where forwarded events are delivered: the event service's HTTP side, kept behind this seam so the
 * forwarder's decisions (what is sent, in what order, what is retried and when) are testable
 * without a server.
 */
public interface EventSink {

  /** What became of one delivery. */
  enum Delivery {
    SENT,
    /** The event could not be encoded or the sink refused it (4xx): the sink itself is fine. */
    REJECTED,
    /** No answer, a timeout, a 5xx or a 429: the sink is not taking events now. */
    UNREACHABLE
  }

  /** Delivers one event body (the Chronos shape) and says how it went; never throws. */
  Delivery deliver(Map<String, Object> event);
}
