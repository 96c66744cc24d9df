package io.sdnest.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The single-VM compose stack against the services' configuration. */
class ComposeFileTest {

  private static final Map<String, String> SHELL = Map.of("SDNEST_ADMIN_PASSWORD", "Compose-Test-1");
  private final JsonNode compose = ComposeFile.load(SHELL);

  private JsonNode service(Service s) {
    JsonNode node = compose.path("services").path(s.composeName);
    assertThat(node.isMissingNode()).as("compose service %s", s.composeName).isFalse();
    return node;
  }

  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new TreeMap<>();
    service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  @Test
  void servicesListenOnTheirOwnPortsAndCheckTheirReadiness() {
    for (Service s : Service.values()) {
      ServiceConfig config = s.config();
      Map<String, String> env = environment(service(s));
      assertThat(Integer.parseInt(env.get("QUARKUS_HTTP_PORT"))).isEqualTo(config.httpPort());
      assertThat(Integer.parseInt(env.get("QUARKUS_MANAGEMENT_PORT"))).isEqualTo(config.managementPort());
      List<String> test = Manifests.each(service(s).path("healthcheck").path("test")).map(JsonNode::asText).toList();
      assertThat(test).as("%s healthcheck", s).last().isEqualTo("http://127.0.0.1:" + config.managementPort() + config.healthPath("ready"));
      assertThat(service(s).path("restart").asText()).isEqualTo("unless-stopped");
      assertThat(service(s).path("read_only").asBoolean()).isTrue();
      assertThat(env.get("SDNEST_DATA_DIR")).isEqualTo("/data");
    }
  }

  @Test
  void imagesAreTheImagesTheServicesBuild() {
    for (Service s : Service.values()) {
      assertThat(service(s).path("image").asText()).isEqualTo(s.config().imageRepository() + ":" + Repo.projectVersion());
    }
  }

  @Test
  void environmentNamesAreKeysTheServicesRead() {
    Map<String, Set<String>> unread = new TreeMap<>();
    for (Service s : Service.values()) {
      ServiceConfig config = s.config();
      environment(service(s)).keySet().stream().filter(n -> !config.reads(n))
          .forEach(n -> unread.computeIfAbsent(s.module, k -> new TreeSet<>()).add(n));
    }
    assertThat(unread).isEmpty();
  }

  @Test
  void onlyTheGatewayPortIsPublished() {
    compose.path("services").fields().forEachRemaining(e -> Manifests.each(e.getValue().path("ports")).forEach(port -> {
      String mapping = port.asText();
      if (e.getKey().equals(Service.GATEWAY.composeName)) {
        int gateway = Service.GATEWAY.config().httpPort();
        assertThat(mapping).isEqualTo(gateway + ":" + gateway);
      } else {
        assertThat(mapping).as("%s publishes only on the VM's loopback", e.getKey()).startsWith("127.0.0.1:");
      }
    }));
    assertThat(service(Service.INFERENCE).has("ports")).isFalse();
    assertThat(service(Service.DOWNLOADER).has("ports")).isFalse();
  }

  @Test
  void inferenceReservesTheGpuAndReadsModelsFromTheHostFolder() {
    JsonNode devices = service(Service.INFERENCE).path("deploy").path("resources").path("reservations").path("devices");
    assertThat(Manifests.each(devices).anyMatch(d -> "nvidia".equals(d.path("driver").asText())
        && d.path("capabilities").toString().contains("gpu"))).isTrue();
    String hostData = ComposeFile.dotEnv().get("SDNEST_HOST_DATA");
    assertThat(hostData).startsWith("/home/");
    List<String> volumes = Manifests.each(service(Service.INFERENCE).path("volumes")).map(JsonNode::asText).toList();
    assertThat(volumes).contains(hostData + "/models:/data/models:ro", hostData + "/embeddings:/data/embeddings:ro");
    assertThat(Manifests.each(service(Service.DOWNLOADER).path("volumes")).map(JsonNode::asText)).contains(hostData + ":/data");
  }

  @Test
  void namedVolumesAreDeclared() {
    Set<String> declared = new TreeSet<>();
    compose.path("volumes").fieldNames().forEachRemaining(declared::add);
    compose.path("services").forEach(svc -> Manifests.each(svc.path("volumes")).map(JsonNode::asText)
        .map(v -> v.split(":")[0]).filter(src -> !src.startsWith("/") && !src.startsWith("."))
        .forEach(src -> assertThat(declared).contains(src)));
  }

  @Test
  void upstreamUrlsPointAtTheComposeServices() {
    Map<String, String> gateway = environment(service(Service.GATEWAY));
    assertUpstream(gateway.get("SDNEST_GATEWAY_INFERENCE_URLS"), Service.INFERENCE);
    assertUpstream(gateway.get("SDNEST_GATEWAY_DOWNLOADER_URL"), Service.DOWNLOADER);
    assertUpstream(environment(service(Service.DOWNLOADER)).get("SDNEST_DOWNLOADER_INFERENCE_URLS"), Service.INFERENCE);
  }

  private static void assertUpstream(String url, Service target) {
    URI uri = URI.create(url);
    assertThat(uri.getHost()).isEqualTo(target.composeName);
    assertThat(uri.getPort()).isEqualTo(target.config().httpPort());
  }

  @Test
  void containersOutliveTheirDrain() {
    for (Service s : Service.values()) {
      Map<String, String> env = environment(service(s));
      long drain = Durations.parse(env.get("QUARKUS_SHUTDOWN_DELAY")).plus(Durations.parse(env.get("QUARKUS_SHUTDOWN_TIMEOUT"))).toSeconds();
      assertThat(Durations.parse(service(s).path("stop_grace_period").asText()).toSeconds()).as("%s", s).isGreaterThan(drain);
    }
  }

  @Test
  void theGatewayRefusesToComeUpWithoutAnAdminPassword() {
    assertThatThrownBy(() -> ComposeFile.load(Map.of())).hasMessageContaining("SDNEST_ADMIN_PASSWORD");
  }
}
