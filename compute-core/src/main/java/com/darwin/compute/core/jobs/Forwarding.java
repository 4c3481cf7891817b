package com.darwin.compute.core.jobs;

/**
 * What one attempt to send a stored job to Ray came to. A submission answers by it: only Ray's
 * refusal of the body is the caller's fault (a 400); a job ended here while it was on its way (a
 * user's stop, a cluster stop, the submit timeout) is no refusal, and no success either.
 */
enum Forwarding {
  /** Not sent by this call: it waits for its cluster, or it was sent or ended before. */
  NOT_SENT,
  /** Ray has the job, and its row is open. */
  TAKEN,
  /** Ray refused the body; the job failed with Ray's reason. */
  REFUSED,
  /** Its row ended here while it was on its way; stopped on Ray too if Ray may have it. */
  ENDED_MEANWHILE,
  /** No answer: still waiting to be sent, and the follower tries again. */
  NO_ANSWER
}
