package io.sdnest.inference.worker;

import java.time.Duration;

/** Why a request was refused admission, and when it is worth trying again. */
public final class Rejection extends RuntimeException {

  /** The {@code reason} tag of {@code sdnest_inference_jobs_rejected_total}. */
  public enum Reason {
    QUEUE_FULL("queue_full"), USER_LIMIT("user_limit"), TOO_LARGE("too_large"), SHUTTING_DOWN("shutting_down");

    private final String tag;

    Reason(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  private final Reason reason;
  private final Duration retryAfter;

  public Rejection(Reason reason, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  public Reason reason() {
    return reason;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
