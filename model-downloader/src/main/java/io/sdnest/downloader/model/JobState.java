package io.sdnest.downloader.model;

public enum JobState {
  QUEUED, RESOLVING, DOWNLOADING, VERIFYING, DONE, FAILED, CANCELLED;

  public boolean finished() {
    return this == DONE || this == FAILED || this == CANCELLED;
  }
}
