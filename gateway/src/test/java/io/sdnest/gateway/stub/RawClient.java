package io.sdnest.gateway.stub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A client whose connection the test closes when it wants to (mid-request, mid-response): a plain socket speaking
 * HTTP/1.1. Reads time out after 10 s instead of hanging the test.
 */
public final class RawClient implements AutoCloseable {

  private final Socket socket;

  public RawClient(String host, int port) throws IOException {
    socket = new Socket(host, port);
    socket.setSoTimeout(10_000);
  }

  /** Sends one request with Basic credentials; {@code json} is the body, or null for none. */
  public RawClient send(String requestLine, String user, String password, String json) throws IOException {
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    String head = requestLine + " HTTP/1.1\r\n"
        + "Host: localhost\r\n"
        + "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes()) + "\r\n"
        + (json == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
        + "\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return this;
  }

  /** Reads until the response so far contains {@code expected}; fails if the connection ends first. */
  public void readUntil(String expected) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    byte[] chunk = new byte[1024];
    while (!seen.toString(StandardCharsets.US_ASCII).contains(expected)) {
      int n = in.read(chunk);
      if (n < 0) {
        throw new IOException("connection ended before \"" + expected + "\"; got: " + seen);
      }
      seen.write(chunk, 0, n);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
