package io.sdnest.downloader.testing;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/** Fake hub APIs answering with the documented JSON shapes and redirects. */
public final class Hubs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Hubs() {
  }

  /**
   * A ModelScope repo under {@code prefix} (/cn or /ai): the file list API, and the file API that redirects files
   * larger than 64 KiB to the CDN with 302 and answers small ones itself.
   */
  public static void modelScopeRepo(String prefix, String owner, String name, Map<String, Blob> files) {
    modelScopeRepo(FakeHubs.api, FakeHubs.cdn, FakeHubs.cdn.base("localhost"), prefix, owner, name, files);
  }

  /** The same on other servers: the API on {@code api}, the large files on {@code cdn}, reached as {@code cdnBase}. */
  public static void modelScopeRepo(FakeServer api, FakeServer cdn, String cdnBase, String prefix, String owner, String name,
      Map<String, Blob> files) {
    String repo = prefix + "/api/v1/models/" + owner + "/" + name;
    api.route(repo + "/repo/files", ex -> {
      List<Map<String, Object>> list = new ArrayList<>();
      files.forEach((path, blob) -> {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Name", path.substring(path.lastIndexOf('/') + 1));
        f.put("Path", path);
        f.put("Type", "blob");
        f.put("Size", blob.data.length);
        f.put("Sha256", blob.sha256);
        f.put("IsLFS", blob.data.length > 65536);
        f.put("Revision", "0123456789abcdef0123456789abcdef01234567");
        list.add(f);
      });
      list.add(Map.of("Name", "unet", "Path", "unet", "Type", "tree", "Size", 0));
      json(ex, 200, Map.of("Code", 200, "Success", true, "Message", "success", "RequestId", "r1", "Data", Map.of("Files", list)));
    });
    String cdnPrefix = "/ms" + prefix + "/" + owner + "/" + name + "/";
    api.route(repo + "/repo", ex -> {
      String path = query(ex).get("FilePath");
      Blob blob = files.get(path);
      if (blob == null) {
        json(ex, 404, Map.of("Code", 404, "Success", false, "Message", "file not found"));
      } else if (blob.data.length > 65536) {
        FakeServer.redirect(ex, 302, cdnBase + cdnPrefix + path);
      } else {
        blob.handle(ex);
      }
    });
    files.forEach((path, blob) -> cdn.route(cdnPrefix + path, blob));
  }

  public static Map<String, String> query(HttpExchange ex) {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  public static void json(HttpExchange ex, int status, Object body) throws IOException {
    FakeServer.text(ex, status, JSON.writeValueAsString(body));
  }
}
