package io.sdnest.downloader.client;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.config.DownloaderConfig;
import io.sdnest.downloader.security.FileNames;
import io.sdnest.downloader.security.HostSet;
import io.sdnest.downloader.security.UrlGuard;

/**
 * Civitai download links ({@code /api/download/models/<versionId>}): answered with a 307 to a presigned URL whose
 * answer names the file in Content-Disposition. The token goes to Civitai only, never to the presigned host.
 * The version's metadata ({@code /api/v1/model-versions/<id>}) names the file the link stands for, its size and
 * sha256 (verified), a preview image, and is kept beside the model as Civitai Helper's {@code .civitai.info}.
 */
@ApplicationScoped
public class CivitaiClient implements HubClient {

  static final String INFO_SUFFIX = ".civitai.info";
  private static final List<String> FILE_FILTERS = List.of("type", "format", "size", "fp");

  private final DownloaderConfig.Civitai config;
  private final HubHttp http;
  private final ObjectMapper json;
  private final HostSet hosts;

  public CivitaiClient(DownloaderConfig config, HubHttp http, ObjectMapper json, UrlGuard guard) {
    this.config = config.civitai();
    this.http = http;
    this.json = json;
    this.hosts = guard.hubHosts("civitai", this.config.hosts(), this.config.endpoint());
  }

  @Override
  public HostSet hosts() {
    return hosts;
  }

  @Override
  public boolean recognises(URI url) {
    return HubClients.hostIs(url, "civitai.com", "civitai.green", "civitai.red");
  }

  @Override
  public void validate(URI url) {
    versionId(UrlParts.of(url));
  }

  private static String versionId(UrlParts p) {
    if (!("api".equals(p.segment(0)) && "download".equals(p.segment(1)) && "models".equals(p.segment(2))
        && p.segment(3) != null && p.segment(3).matches("[0-9]{1,12}") && p.segment(4) == null)) {
      throw ApiException.badRequest("Not a Civitai download link: copy the Download button's link "
          + "(https://civitai.com/api/download/models/<versionId>)");
    }
    return p.segment(3);
  }

  @Override
  public Resolution resolve(URI url, Optional<String> token) {
    UrlParts p = UrlParts.of(url);
    String version = versionId(p);
    Map<String, String> query = p.query().entrySet().stream().filter(e -> !e.getKey().equalsIgnoreCase("token"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
    String queryString = query.entrySet().stream().map(e -> UrlParts.encode(e.getKey()) + "=" + UrlParts.encode(e.getValue()))
        .collect(Collectors.joining("&"));
    URI source = HubClients.onEndpoint(config.endpoint(), "/api/download/models/" + version
        + (queryString.isEmpty() ? "" : "?" + queryString));
    Map<String, String> auth = token.map(t -> Map.of("Authorization", "Bearer " + t)).orElse(Map.of());
    Optional<JsonNode> info = versionInfo(version, auth);
    Optional<JsonNode> file = info.flatMap(i -> pickFile(i.path("files"), query));
    RemoteFile remote = new RemoteFile(version, file.flatMap(f -> FileNames.sanitise(f.path("name").asText(null))), source,
        file.map(CivitaiClient::sizeOf).orElse(OptionalLong.empty()), file.flatMap(CivitaiClient::sha256Of), auth, hosts);
    Optional<RemoteFile> preview = info.flatMap(CivitaiClient::previewUrl).map(u -> new RemoteFile(u.getPath(), Optional.empty(), u,
        OptionalLong.empty(), Optional.empty(), Map.of(), hosts));
    List<Sidecar> sidecars = new ArrayList<>();
    info.ifPresent(i -> sidecars.add(new Sidecar(INFO_SUFFIX, prettyJson(i))));
    return new Resolution("civitai", remote.name(), false, true, List.of(remote), preview, Optional.empty(), List.of(), List.copyOf(sidecars));
  }

  /** The metadata is a help, not a condition: without it the download still runs, named by Content-Disposition. */
  private Optional<JsonNode> versionInfo(String version, Map<String, String> auth) {
    try {
      JsonNode info = http.getJson(HubClients.onEndpoint(config.endpoint(), "/api/v1/model-versions/" + version), hosts, auth);
      return info != null && info.isObject() ? Optional.of(info) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      Log.infof("Civitai: no metadata for model version %s (%s); the file is downloaded unverified", version, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The file the download link stands for, chosen as Civitai does: {@code fileId}, else the {@code type},
   * {@code format}, {@code size} and {@code fp} query parameters, preferring the primary file.
   */
  static Optional<JsonNode> pickFile(JsonNode files, Map<String, String> query) {
    String fileId = query.get("fileId");
    List<JsonNode> candidates = new ArrayList<>();
    for (JsonNode f : files) {
      if (fileId != null ? fileId.equals(f.path("id").asText()) : FILE_FILTERS.stream().allMatch(k -> matches(f, k, query.get(k)))) {
        candidates.add(f);
      }
    }
    return candidates.stream().filter(f -> f.path("primary").asBoolean(false)).findFirst()
        .or(() -> candidates.stream().findFirst());
  }

  private static boolean matches(JsonNode file, String key, String wanted) {
    if (wanted == null) {
      return true;
    }
    JsonNode value = "type".equals(key) ? file.path("type") : file.path("metadata").path(key);
    return value.isTextual() && value.asText().equalsIgnoreCase(wanted);
  }

  /** {@code sizeKB} is bytes / 1024; it is used only when it stands for a whole number of bytes. */
  static OptionalLong sizeOf(JsonNode file) {
    JsonNode kb = file.path("sizeKB");
    if (!kb.isNumber() || kb.asDouble() <= 0) {
      return OptionalLong.empty();
    }
    double bytes = kb.asDouble() * 1024;
    long rounded = Math.round(bytes);
    return Math.abs(bytes - rounded) < 1e-3 ? OptionalLong.of(rounded) : OptionalLong.empty();
  }

  private static Optional<String> sha256Of(JsonNode file) {
    String sha = file.path("hashes").path("SHA256").asText("");
    return sha.matches("[0-9a-fA-F]{64}") ? Optional.of(sha.toLowerCase(Locale.ROOT)) : Optional.empty();
  }

  /** The first still image of the version, preferring one not marked NSFW. */
  static Optional<URI> previewUrl(JsonNode info) {
    List<JsonNode> images = new ArrayList<>();
    for (JsonNode image : info.path("images")) {
      String type = image.path("type").asText("image");
      if ("image".equals(type) && image.path("url").asText("").startsWith("http")) {
        images.add(image);
      }
    }
    return images.stream().filter(CivitaiClient::safeForWork).findFirst().or(() -> images.stream().findFirst())
        .flatMap(i -> {
          try {
            return Optional.of(URI.create(i.path("url").asText()));
          } catch (IllegalArgumentException e) {
            return Optional.empty();
          }
        });
  }

  private static boolean safeForWork(JsonNode image) {
    JsonNode nsfw = image.path("nsfw");
    boolean flagged = nsfw.isBoolean() ? nsfw.asBoolean() : nsfw.isTextual() && !"None".equalsIgnoreCase(nsfw.asText());
    return !flagged && image.path("nsfwLevel").asInt(1) <= 1;
  }

  private byte[] prettyJson(JsonNode info) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(info);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
