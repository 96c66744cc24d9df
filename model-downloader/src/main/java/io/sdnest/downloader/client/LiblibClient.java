package io.sdnest.downloader.client;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
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
import io.sdnest.downloader.model.ModelType;
import io.sdnest.downloader.security.FileNames;
import io.sdnest.downloader.security.HostSet;
import io.sdnest.downloader.security.UrlGuard;

/**
 * liblib model pages ({@code /modelinfo/<uuid>?versionUuid=<uuid>}), resolved through the site's web API
 * ({@code getByUuid}) to the CDN file, its real name ({@code modelSourceName}), the model type and the cover image.
 */
@ApplicationScoped
public class LiblibClient implements HubClient {

  private static final Pattern UUID = Pattern.compile("[A-Za-z0-9]{32}");

  private final DownloaderConfig.Liblib config;
  private final HubHttp http;
  private final HostSet hosts;

  public LiblibClient(DownloaderConfig config, HubHttp http, UrlGuard guard) {
    this.config = config.liblib();
    this.http = http;
    this.hosts = guard.hubHosts("liblib", this.config.hosts(), this.config.apiEndpoint());
  }

  @Override
  public HostSet hosts() {
    return hosts;
  }

  @Override
  public boolean recognises(URI url) {
    return HubClients.hostIs(url, "liblib.art", "liblib.ai");
  }

  @Override
  public void validate(URI url) {
    modelUuid(UrlParts.of(url));
  }

  private static String modelUuid(UrlParts p) {
    String model = p.segments().isEmpty() ? "" : p.segments().get(p.segments().size() - 1);
    if (!UUID.matcher(model).matches()) {
      throw ApiException.badRequest("Not a liblib model page: expected https://www.liblib.art/modelinfo/<32-character id>");
    }
    return model;
  }

  @Override
  public Resolution resolve(URI url, Optional<String> token) throws IOException {
    UrlParts p = UrlParts.of(url);
    String model = modelUuid(p);
    Optional<String> versionUuid = Optional.ofNullable(p.query().get("versionUuid")).filter(v -> UUID.matcher(v).matches());
    Map<String, String> auth = token.map(v -> Map.of("token", v)).orElse(Map.of());
    long now = System.currentTimeMillis();
    JsonNode answer = http.postJson(HubClients.onEndpoint(config.apiEndpoint(),
        "/api/www/model/getByUuid/" + model + "?timestamp=" + now), hosts, auth, Map.of("timestamp", now));
    JsonNode data = answer.path("data");
    if (answer.path("code").asInt(-1) != 0 || data.isMissingNode() || data.isNull()) {
      throw new DownloadFailure(FailureReason.NOT_FOUND, "liblib: model " + model + " not found ("
          + answer.path("msg").asText("no data") + ")");
    }
    JsonNode version = pickVersion(data.path("versions"), versionUuid)
        .orElseThrow(() -> new DownloadFailure(FailureReason.NOT_FOUND, "liblib: version " + versionUuid.orElse("")
            + " of model " + model + " not found"));
    JsonNode attachment = version.path("attachment");
    String source = attachment.path("modelSource").asText("");
    boolean gated = gated(data, version, source);
    if (gated) {
      source = gatedDownloadUrl(model, data, version, source, token);
    }
    URI sourceUrl = URI.create(source);
    String urlExtension = FileNames.extension(UrlParts.of(sourceUrl).rest(0));
    Optional<String> name = FileNames.sanitise(attachment.path("modelSourceName").asText(null))
        .map(n -> FileNames.extension(n).isEmpty() && !urlExtension.isEmpty() ? n + "." + urlExtension : n);
    // keyed by the version, not the URL: a gated file's URL changes each time it is asked for, and when it expires
    // mid-download (reResolvable) the download API is asked again
    RemoteFile file = new RemoteFile(version.path("uuid").asText(sourceUrl.getPath()), name, sourceUrl, OptionalLong.empty(),
        Optional.empty(), Map.of(), hosts, gated);
    Optional<RemoteFile> cover = coverUrl(version).map(c -> {
      URI u = URI.create(c);
      return new RemoteFile(u.getPath(), Optional.empty(), u, OptionalLong.empty(), Optional.empty(), Map.of(), hosts);
    });
    return new Resolution("liblib", name, false, true, List.of(file), cover, Optional.ofNullable(typeOf(data.path("modelType").asInt(0))),
        List.of(), List.of());
  }

  /** Member-only versions ({@code vipType} 1 or 2) and versions without a public file need the logged-in flow. */
  private static boolean gated(JsonNode model, JsonNode version, String source) {
    int vip = Math.max(model.path("vipType").asInt(0), version.path("vipType").asInt(0));
    return source.isBlank() || vip == 1 || vip == 2;
  }

  /**
   * liblib's logged-in download: {@code community/downloadCheck}, then {@code model/download/<uuid>} with the
   * source's query parameters, both with the user's {@code token} header; the answer's {@code data} is the file URL.
   */
  private String gatedDownloadUrl(String model, JsonNode data, JsonNode version, String source, Optional<String> token)
      throws IOException {
    if (token.isEmpty()) {
      throw new DownloadFailure(FailureReason.TOKEN_REQUIRED, "liblib: this version is downloadable only when logged in; "
          + "pass your liblib token as \"token\" (the token header liblib.art sends once you are logged in)");
    }
    Map<String, String> auth = Map.of("token", token.get());
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("modelId", data.path("id"));
    check.put("modelName", data.path("name").asText(""));
    check.put("modelVersionId", version.path("id"));
    check.put("url", source);
    check.put("uuid", model);
    expectOk(call(() -> http.postJson(HubClients.onEndpoint(config.apiEndpoint(), "/api/www/community/downloadCheck"), hosts, auth, check)));
    String query = source.isBlank() ? "modelVersionId=" + UrlParts.encode(version.path("id").asText(""))
        : Optional.ofNullable(URI.create(source).getRawQuery()).orElse("");
    URI download = HubClients.onEndpoint(config.apiEndpoint(), "/api/www/model/download/" + model + "?"
        + (query.isEmpty() ? "" : query + "&") + "timestamp=" + System.currentTimeMillis());
    String url = expectOk(call(() -> http.getJson(download, hosts, auth))).path("data").asText("");
    if (!url.startsWith("http")) {
      throw new DownloadFailure(FailureReason.HUB_ERROR, "liblib: the download API answered without a file URL");
    }
    return url;
  }

  private interface ApiCall {
    JsonNode run() throws IOException;
  }

  /** A rejected token is the user's to fix, not a reason to retry. */
  private static JsonNode call(ApiCall call) throws IOException {
    try {
      return call.run();
    } catch (HubStatusException e) {
      if (e.status() == 401 || e.status() == 403) {
        throw new DownloadFailure(FailureReason.TOKEN_REQUIRED, "liblib rejected the token (HTTP " + e.status()
            + "): log in again on liblib.art and pass the new token");
      }
      throw e;
    }
  }

  private static JsonNode expectOk(JsonNode answer) {
    if (answer.path("code").asInt(-1) != 0) {
      String msg = answer.path("msg").asText(answer.path("message").asText(""));
      throw new DownloadFailure(FailureReason.MEMBERSHIP_REQUIRED, "liblib refused the download (code "
          + answer.path("code").asText("?") + (msg.isBlank() ? "" : ": " + msg)
          + "); this version needs a liblib membership or the author's permission");
    }
    return answer;
  }

  private static Optional<JsonNode> pickVersion(JsonNode versions, Optional<String> uuid) {
    for (JsonNode v : versions) {
      if (uuid.isEmpty() || uuid.get().equals(v.path("uuid").asText())) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> coverUrl(JsonNode version) {
    JsonNode group = version.path("imageGroup");
    String cover = group.path("coverUrl").asText("");
    if (cover.isBlank()) {
      cover = group.path("images").path(0).path("imageUrl").asText("");
    }
    return cover.isBlank() ? Optional.empty() : Optional.of(cover);
  }

  /**
   * liblib's {@code modelType} codes mapped to sdnest's types: the kinds without a folder of their own (aesthetic
   * gradient, poses, wildcards, other) are OTHER; a missing or undocumented code is unknown (null).
   */
  static ModelType typeOf(int code) {
    return switch (code) {
      case 1 -> ModelType.CHECKPOINT;
      case 2 -> ModelType.EMBEDDING;
      case 3 -> ModelType.HYPERNETWORK;
      case 5, 6 -> ModelType.LORA;
      case 7 -> ModelType.CONTROLNET;
      case 11 -> ModelType.VAE;
      case 4, 8, 9, 10 -> ModelType.OTHER;
      default -> null;
    };
  }
}
