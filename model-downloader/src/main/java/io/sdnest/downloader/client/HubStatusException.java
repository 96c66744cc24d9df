package io.sdnest.downloader.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** A hub or CDN answered with a status that is not the content. */
public class HubStatusException extends IOException {

  private final int status;
  private final transient Duration retryAfter;

  public HubStatusException(int status, URI url, Duration retryAfter) {
    super("HTTP " + status + " from " + url.getHost());
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
