package io.sdnest.downloader.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 helpers. */
final class Digests {

  private Digests() {
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Feeds the first {@code length} bytes of the file into the digest. */
  static void update(MessageDigest digest, Path file, long length) throws IOException {
    byte[] buf = new byte[1 << 20];
    long left = length;
    try (InputStream in = Files.newInputStream(file)) {
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new IOException("The partial file is shorter than expected");
        }
        digest.update(buf, 0, n);
        left -= n;
      }
    }
  }
}
