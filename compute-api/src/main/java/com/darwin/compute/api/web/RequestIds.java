package com.darwin.compute.api.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * New request ids: random (version 4) UUIDs, as {@link UUID#randomUUID()} makes them, but drawn
 * from the request thread's own generator. {@code randomUUID} reads the shared SecureRandom, whose
 * native source is one lock for every thread: at concurrency 32 the request threads queued on it
 * (B1's profile). A request id only has to be unique and unpredictable enough not to collide, not
 * secret: nothing is authorised by it.
 */
final class RequestIds {

  private RequestIds() {}

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long most = random.nextLong();
    long least = random.nextLong();
    // Version 4 in the high nibble of time_hi_and_version, IETF variant (10xx) in clock_seq_hi.
    most = (most & ~0xF000L) | 0x4000L;
    least = (least & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(most, least).toString();
  }
}
