package io.sdnest.downloader.client;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decoded path segments and query parameters of a pasted URL. */
public record UrlParts(List<String> segments, Map<String, String> query) {

  public static UrlParts of(URI url) {
    List<String> segments = new ArrayList<>();
    String rawPath = url.getRawPath() == null ? "" : url.getRawPath();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    Map<String, String> query = new LinkedHashMap<>();
    if (url.getRawQuery() != null) {
      for (String pair : url.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.putIfAbsent(k, v);
      }
    }
    return new UrlParts(segments, query);
  }

  public String segment(int i) {
    return i < segments.size() ? segments.get(i) : null;
  }

  public String rest(int from) {
    return from >= segments.size() ? "" : String.join("/", segments.subList(from, segments.size()));
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
