package io.sdnest.gateway.routing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.net.SocketAddress;

/** One service instance behind the gateway, with its in-flight count and whether it may receive traffic. */
public final class Upstream {

  private final String kind;
  private final URI url;
  private final URI managementUrl;
  private final SocketAddress address;
  private final String key;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean up = true;
  private volatile boolean ready;

  public Upstream(String kind, URI url, URI managementUrl) {
    this.kind = kind;
    this.url = url;
    this.managementUrl = managementUrl;
    this.address = SocketAddress.inetSocketAddress(port(url), url.getHost());
    this.key = keyOf(url);
  }

  /**
   * The replica's short stable id ({@code [a-z0-9]{12}}: the first 12 hex digits of SHA-256 of
   * {@code scheme://host:port}), sent as {@code X-Sdnest-Replica}; the replica prefixes its async job ids with it.
   */
  static String keyOf(URI url) {
    String base = url.getScheme().toLowerCase() + "://" + url.getHost().toLowerCase() + ":" + port(url);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(base.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  public String kind() {
    return kind;
  }

  /** {@code host:port}, the label metrics and logs use. */
  public String label() {
    return url.getHost() + ":" + port(url);
  }

  /** See {@link #keyOf(URI)}. */
  public String key() {
    return key;
  }

  public URI url() {
    return url;
  }

  public URI managementUrl() {
    return managementUrl;
  }

  public SocketAddress address() {
    return address;
  }

  public boolean isSecure() {
    return "https".equalsIgnoreCase(url.getScheme());
  }

  public int inFlight() {
    return inFlight.get();
  }

  void acquire() {
    inFlight.incrementAndGet();
  }

  void release() {
    inFlight.decrementAndGet();
  }

  /** May receive requests: not ejected. Starts true so the first requests need not wait for a probe. */
  public boolean isUp() {
    return up;
  }

  /** The last readiness probe succeeded. */
  public boolean isReady() {
    return ready;
  }

  void markProbed(boolean readyNow) {
    this.ready = readyNow;
    this.up = readyNow;
  }

  void eject() {
    this.up = false;
    this.ready = false;
  }
}
