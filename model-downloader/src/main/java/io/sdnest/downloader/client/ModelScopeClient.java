package io.sdnest.downloader.client;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.config.DownloaderConfig;
import io.sdnest.downloader.model.DownloadFailure;
import io.sdnest.downloader.model.FailureReason;
import io.sdnest.downloader.security.HostSet;
import io.sdnest.downloader.security.UrlGuard;

/**
 * ModelScope (modelscope.cn and modelscope.ai, separate catalogues): repo pages, {@code file/view}, {@code resolve}
 * and API URLs. Sizes and sha256 come from the file list API; files are fetched through the repo download API,
 * which redirects large files to a CDN.
 */
@ApplicationScoped
public class ModelScopeClient implements HubClient {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final DownloaderConfig.ModelScope config;
  private final HubHttp http;
  private final HostSet hosts;

  public ModelScopeClient(DownloaderConfig config, HubHttp http, UrlGuard guard) {
    this.config = config.modelscope();
    this.http = http;
    this.hosts = guard.hubHosts("modelscope", this.config.hosts(), this.config.endpoint(), this.config.aiEndpoint());
  }

  @Override
  public HostSet hosts() {
    return hosts;
  }

  @Override
  public boolean recognises(URI url) {
    return HubClients.hostIs(url, "modelscope.cn", "modelscope.ai");
  }

  /** Owner, name, revision and — for a file URL — the path in the repo. */
  record Target(URI endpoint, String owner, String name, String revision, Optional<String> path) {
  }

  Target parse(URI url) {
    URI endpoint = HubClients.hostIs(url, "modelscope.ai") ? config.aiEndpoint() : config.endpoint();
    UrlParts p = UrlParts.of(url);
    String revision = p.query().getOrDefault("Revision", "master");
    int at;
    if ("api".equals(p.segment(0)) && "v1".equals(p.segment(1)) && "models".equals(p.segment(2))) {
      at = 3;
      String filePath = p.query().get("FilePath");
      if ("repo".equals(p.segment(5)) && filePath != null && !filePath.isBlank() && p.segment(6) == null) {
        return target(endpoint, p.segment(3), p.segment(4), revision, Optional.of(filePath));
      }
    } else if ("models".equals(p.segment(0))) {
      at = 1;
      String after = p.segment(3);
      if ("file".equals(after) && "view".equals(p.segment(4)) && p.segment(5) != null && !p.rest(6).isEmpty()) {
        return target(endpoint, p.segment(1), p.segment(2), p.segment(5), Optional.of(p.rest(6)));
      }
      if ("resolve".equals(after) && p.segment(4) != null && !p.rest(5).isEmpty()) {
        return target(endpoint, p.segment(1), p.segment(2), p.segment(4), Optional.of(p.rest(5)));
      }
    } else {
      throw ApiException.badRequest("Not a ModelScope model URL: paste the model page, a file link or a resolve link");
    }
    return target(endpoint, p.segment(at), p.segment(at + 1), revision, Optional.empty());
  }

  private static Target target(URI endpoint, String owner, String name, String revision, Optional<String> path) {
    if (owner == null || name == null || !ID.matcher(owner).matches() || !ID.matcher(name).matches()) {
      throw ApiException.badRequest("Not a ModelScope model URL: expected /models/<owner>/<name>");
    }
    if (revision.isBlank() || revision.contains("..")) {
      throw ApiException.badRequest("Invalid ModelScope revision: " + revision);
    }
    return new Target(endpoint, owner, name, revision, path.map(s -> s.startsWith("/") ? s.substring(1) : s));
  }

  @Override
  public void validate(URI url) {
    parse(url);
  }

  @Override
  public Resolution resolve(URI url, Optional<String> token) throws IOException {
    Target t = parse(url);
    Map<String, String> auth = token.map(v -> Map.of("Cookie", "m_session_id=" + v)).orElse(Map.of());
    String repo = "/api/v1/models/" + UrlParts.encode(t.owner()) + "/" + UrlParts.encode(t.name());
    JsonNode list = http.getJson(HubClients.onEndpoint(t.endpoint(),
        repo + "/repo/files?Revision=" + UrlParts.encode(t.revision()) + "&Recursive=true"), hosts, auth);
    if (list.path("Success").isBoolean() && !list.path("Success").asBoolean() || list.path("Code").asInt(200) != 200) {
      throw new DownloadFailure(list.path("Code").asInt() == 404 ? FailureReason.NOT_FOUND : FailureReason.HUB_ERROR,
          "ModelScope: " + list.path("Message").asText("error") + " (" + t.owner() + "/" + t.name() + ")");
    }
    List<RemoteFile> files = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (JsonNode f : list.path("Data").path("Files")) {
      if ("tree".equals(f.path("Type").asText())) {
        continue;
      }
      String path = f.path("Path").asText();
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (t.path().isPresent() && !t.path().get().equals(path)) {
        continue;
      }
      if (t.path().isEmpty() && name.startsWith(".")) {
        skipped.add(path);
        continue;
      }
      long size = f.path("Size").asLong(0);
      String sha = f.path("Sha256").asText("");
      URI source = HubClients.onEndpoint(t.endpoint(),
          repo + "/repo?Revision=" + UrlParts.encode(t.revision()) + "&FilePath=" + UrlParts.encode(path));
      files.add(new RemoteFile(path, Optional.of(name), source, size > 0 ? OptionalLong.of(size) : OptionalLong.empty(),
          sha.matches("[0-9a-fA-F]{64}") ? Optional.of(sha.toLowerCase()) : Optional.empty(), auth, hosts));
    }
    if (t.path().isPresent()) {
      if (files.isEmpty()) {
        throw new DownloadFailure(FailureReason.NOT_FOUND, "ModelScope: " + t.path().get() + " is not in "
            + t.owner() + "/" + t.name() + " at revision " + t.revision());
      }
      return Resolution.single("modelscope", files.get(0));
    }
    if (files.isEmpty()) {
      throw new DownloadFailure(FailureReason.NOT_FOUND, "ModelScope: " + t.owner() + "/" + t.name() + " has no files");
    }
    return new Resolution("modelscope", Optional.of(t.name()), true, false, files, Optional.empty(), Optional.empty(), skipped, List.of());
  }
}
