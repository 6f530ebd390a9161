package io.callproof.push;

import java.time.Duration;
import java.util.Optional;

/**
 * What became of one push: what the caller should do next, and what the push service said.
 *
 * @param outcome what to do about it
 * @param status the push service's HTTP status, or 0 when no answer came
 * @param reason the push service's explanation (its body, shortened) or the network failure; empty
 *     when delivered
 * @param retryAfter how long the push service asked to wait before trying again, if it said
 */
public record PushResult(
    Outcome outcome, int status, String reason, Optional<Duration> retryAfter) {

  /** What the sender should do after a push. */
  public enum Outcome {
    /** Accepted by the push service (201 or 202); the device gets it when it is reachable. */
    DELIVERED,
    /** The subscription no longer exists (404 or 410): drop it and never push to it again. */
    GONE,
    /** Refused for a reason retrying does not cure (another 4xx): see {@code reason}. */
    REJECTED,
    /** Not delivered this time (5xx, 429, or no answer): try again later. */
    RETRY
  }

  static PushResult delivered(int status) {
    return new PushResult(Outcome.DELIVERED, status, "", Optional.empty());
  }

  /** Classifies a push service's answer (RFC 8030 sections 5 and 8.4). */
  static PushResult of(int status, String reason, Optional<Duration> retryAfter) {
    if (status == 201 || status == 202) {
      return delivered(status);
    }
    if (status == 404 || status == 410) {
      return new PushResult(Outcome.GONE, status, reason, Optional.empty());
    }
    if (status == 429 || status >= 500) {
      return new PushResult(Outcome.RETRY, status, reason, retryAfter);
    }
    return new PushResult(Outcome.REJECTED, status, reason, Optional.empty());
  }

  static PushResult unreachable(Throwable failure) {
    String reason = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    return new PushResult(Outcome.RETRY, 0, reason, Optional.empty());
  }
}
