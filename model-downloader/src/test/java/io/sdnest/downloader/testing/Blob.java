package io.sdnest.downloader.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Bytes served like a CDN serves them: Range (206 + Content-Range), ETag/If-Range, Content-Disposition, and
 * faults on demand — drop the connection after N bytes, answer 503 with Retry-After, or trickle slowly.
 */
public class Blob implements HttpHandler {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  public final byte[] data;
  public final String sha256;
  public volatile String contentDisposition;
  public volatile String contentType = "application/octet-stream";
  /** Drop the connection after this many body bytes, this many times. */
  public final AtomicInteger dropsLeft = new AtomicInteger();
  public volatile long dropAfter = -1;
  /** Answer 503 with Retry-After this many times. */
  public final AtomicInteger unavailableLeft = new AtomicInteger();
  public volatile int retryAfterSeconds = 1;
  /** Pause this long after each 64 KiB, to make a transfer slow. */
  public volatile long pauseMillisPer64k;
  public volatile boolean ranges = true;

  public Blob(byte[] data) {
    this.data = data;
    this.sha256 = sha256(data);
  }

  public static Blob random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return new Blob(b);
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String etag() {
    return "\"" + sha256.substring(0, 16) + "\"";
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (unavailableLeft.getAndDecrement() > 0) {
      exchange.getResponseHeaders().set("Retry-After", String.valueOf(retryAfterSeconds));
      exchange.sendResponseHeaders(503, -1);
      return;
    }
    int start = 0;
    int end = data.length - 1;
    int status = 200;
    String range = exchange.getRequestHeaders().getFirst("Range");
    String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
    if (ranges && range != null && (ifRange == null || ifRange.equals(etag()))) {
      Matcher m = RANGE.matcher(range);
      if (m.matches()) {
        start = Integer.parseInt(m.group(1));
        if (!m.group(2).isEmpty()) {
          end = Math.min(end, Integer.parseInt(m.group(2)));
        }
        if (start >= data.length) {
          exchange.getResponseHeaders().set("Content-Range", "bytes */" + data.length);
          exchange.sendResponseHeaders(416, -1);
          return;
        }
        status = 206;
        exchange.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + data.length);
      }
    }
    exchange.getResponseHeaders().set("ETag", etag());
    exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (contentDisposition != null) {
      exchange.getResponseHeaders().set("Content-Disposition", contentDisposition);
    }
    int length = end - start + 1;
    exchange.sendResponseHeaders(status, length);
    long drop = dropsLeft.get() > 0 ? dropAfter : -1;
    if (drop >= 0) {
      dropsLeft.decrementAndGet();
    }
    OutputStream out = exchange.getResponseBody();
    int sent = 0;
    while (sent < length) {
      int n = Math.min(65536, length - sent);
      if (drop >= 0 && sent + n > drop) {
        out.write(data, start + sent, (int) drop - sent);
        out.flush();
        // Closing the exchange's socket mid-body: the client sees a connection that ends early.
        throw new IOException("dropped on purpose");
      }
      out.write(data, start + sent, n);
      sent += n;
      if (pauseMillisPer64k > 0) {
        out.flush();
        try {
          Thread.sleep(pauseMillisPer64k);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }
    out.close();
  }
}
