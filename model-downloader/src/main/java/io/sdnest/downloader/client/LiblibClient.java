package io.sdnest.downloader.client;

import java.io.IOException;
import java.net.URI;
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

/**
 * liblib model pages ({@code /modelinfo/<uuid>?versionUuid=<uuid>}), resolved through the site's web API
 * ({@code getByUuid}) to the CDN file, its real name ({@code modelSourceName}), the model type and the cover image.
 */
@ApplicationScoped
public class LiblibClient implements HubClient {

  private static final Pattern UUID = Pattern.compile("[A-Za-z0-9]{32}");

  private final DownloaderConfig.Liblib config;
  private final HubHttp http;

  public LiblibClient(DownloaderConfig config, HubHttp http) {
    this.config = config.liblib();
    this.http = http;
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
        "/api/www/model/getByUuid/" + model + "?timestamp=" + now), auth, Map.of("timestamp", now));
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
    if (source.isBlank()) {
      throw new DownloadFailure(FailureReason.FORBIDDEN, "liblib: this version has no downloadable file "
          + "(member-only, or the author disabled downloads)");
    }
    URI sourceUrl = URI.create(source);
    String urlExtension = FileNames.extension(UrlParts.of(sourceUrl).rest(0));
    Optional<String> name = FileNames.sanitise(attachment.path("modelSourceName").asText(null))
        .map(n -> FileNames.extension(n).isEmpty() && !urlExtension.isEmpty() ? n + "." + urlExtension : n);
    RemoteFile file = new RemoteFile(sourceUrl.getPath(), name, sourceUrl, OptionalLong.empty(), Optional.empty(), Map.of());
    Optional<RemoteFile> cover = coverUrl(version).map(c -> {
      URI u = URI.create(c);
      return new RemoteFile(u.getPath(), Optional.empty(), u, OptionalLong.empty(), Optional.empty(), Map.of());
    });
    return new Resolution("liblib", name, false, List.of(file), cover, Optional.ofNullable(typeOf(data.path("modelType").asInt(0))), List.of());
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

  /** liblib's {@code modelType} codes mapped to sdnest's types. */
  static ModelType typeOf(int code) {
    return switch (code) {
      case 1 -> ModelType.CHECKPOINT;
      case 2 -> ModelType.EMBEDDING;
      case 3 -> ModelType.HYPERNETWORK;
      case 5, 6 -> ModelType.LORA;
      case 7 -> ModelType.CONTROLNET;
      case 11 -> ModelType.VAE;
      case 0 -> null;
      default -> ModelType.OTHER;
    };
  }
}
