package io.sdnest.downloader.model;

/** Why a job stops for good, in words for the user and a reason for metrics. */
public class DownloadFailure extends RuntimeException {

  private final FailureReason reason;

  public DownloadFailure(FailureReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public FailureReason reason() {
    return reason;
  }
}
