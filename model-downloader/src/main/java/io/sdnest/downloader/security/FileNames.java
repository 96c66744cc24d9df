package io.sdnest.downloader.security;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import io.sdnest.common.error.ApiException;

/** Turns names from users, hubs and Content-Disposition headers into safe single file names. */
public final class FileNames {

  private static final int MAX_BYTES = 200;

  private FileNames() {
  }

  /** A name the user typed: must already be a plain file name, else 400. */
  public static String requireSafe(String name, String field) {
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest(field + " is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw ApiException.badRequest(field + " contains a control character");
      }
      if (c == '/' || c == '\\') {
        throw ApiException.badRequest(field + " must be a file name, not a path: " + name);
      }
      if ("<>:\"|?*".indexOf(c) >= 0) {
        throw ApiException.badRequest(field + " contains the character '" + c + "'");
      }
    }
    String trimmed = name.strip();
    if (trimmed.equals(".") || trimmed.equals("..") || trimmed.startsWith(".")) {
      throw ApiException.badRequest(field + " may not be '.' or '..' or start with a dot: " + name);
    }
    if (!trimmed.equals(name)) {
      throw ApiException.badRequest(field + " may not start or end with spaces");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw ApiException.badRequest(field + " is longer than " + MAX_BYTES + " bytes");
    }
    return name;
  }

  /** A name from elsewhere (hub metadata, a URL, Content-Disposition): reduced to a safe basename, or empty. */
  public static Optional<String> sanitise(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.replace('\\', '/');
    s = s.substring(s.lastIndexOf('/') + 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        continue;
      }
      out.append("<>:\"|?*".indexOf(c) >= 0 || c == '丨' ? '_' : c);
    }
    String name = out.toString().strip();
    while (name.startsWith(".")) {
      name = name.substring(1);
    }
    while (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      String ext = extension(name);
      String base = baseName(name);
      name = base.substring(0, base.length() - 1) + (ext.isEmpty() ? "" : "." + ext);
    }
    return name.isEmpty() || name.equals(".") || name.equals("..") ? Optional.empty() : Optional.of(name);
  }

  /** The extension without its dot, lower case; empty when there is none. */
  public static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot <= 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  public static String baseName(String name) {
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? name : name.substring(0, dot);
  }
}
