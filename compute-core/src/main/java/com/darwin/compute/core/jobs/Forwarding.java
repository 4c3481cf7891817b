package com.darwin.compute.core.jobs;

/**
 * What one attempt to send a stored job to Ray came to. A submission answers by it: only Ray's
 * refusal of the body is the caller's fault (a 400, with Ray's reason); a job ended here while it
 * was on its way (a user's stop, a cluster stop, the submit timeout) is no refusal, and no success
 * either.
 *
 * @param refusal Ray's reason, when it refused the body; null otherwise
 */
record Forwarding(Outcome outcome, String refusal) {

  Forwarding {
    if ((outcome == Outcome.REFUSED) != (refusal != null)) {
      throw new IllegalArgumentException("a refusal, and only a refusal, has a reason");
    }
  }

  /** Not sent by this call (a submission only): it waits for its cluster, or was sent before. */
  static final Forwarding NOT_SENT = new Forwarding(Outcome.NOT_SENT, null);

  static final Forwarding TAKEN = new Forwarding(Outcome.TAKEN, null);
  static final Forwarding ENDED_MEANWHILE = new Forwarding(Outcome.ENDED_MEANWHILE, null);
  static final Forwarding NO_ANSWER = new Forwarding(Outcome.NO_ANSWER, null);

  static Forwarding refused(String reason) {
    return new Forwarding(Outcome.REFUSED, reason);
  }

  enum Outcome {
    /** Not sent by this call. */
    NOT_SENT,
    /** Ray has the job, and its row is open. */
    TAKEN,
    /**
     * Ray refused the body (a 4xx, and no other send got the job to Ray): the job failed with Ray's
     * reason, by this call or by another send that heard the same refusal first, unless a stop
     * ended it first.
     */
    REFUSED,
    /**
     * Its row ended here while it was on its way; it was stopped on Ray too if Ray may have it (on
     * the dashboard the send used).
     */
    ENDED_MEANWHILE,
    /** No usable answer (none, or a 5xx): still waiting to be sent; the follower tries again. */
    NO_ANSWER
  }
}
