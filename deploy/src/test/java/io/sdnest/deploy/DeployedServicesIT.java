package io.sdnest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The three packaged services, started as the deployments start them: what Prometheus scrapes passes
 * {@code promtool check metrics}, and every probe path the Kubernetes manifests use is served on the management port.
 */
class DeployedServicesIT {

  private static final Duration START_PATIENCE = Duration.ofMinutes(3);
  private static final Map<Service, RunningService> RUNNING = new EnumMap<>(Service.class);

  @BeforeAll
  static void startServices() throws Exception {
    for (Service s : Service.values()) {
      assertThat(RunningService.jar(s)).as("%s is packaged earlier in the reactor", s.module).exists();
    }
    Path data = Files.createTempDirectory("sdnest-deploy-it-");
    Map<Service, int[]> ports = new EnumMap<>(Service.class);
    for (Service s : Service.values()) {
      ports.put(s, new int[] {RunningService.freePort(), RunningService.freePort()});
    }
    String inference = "http://127.0.0.1:" + ports.get(Service.INFERENCE)[0];
    String downloader = "http://127.0.0.1:" + ports.get(Service.DOWNLOADER)[0];
    Map<Service, Map<String, String>> env = Map.of(
        Service.INFERENCE, RunningService.env("SDNEST_INFERENCE_EXECUTION_PROVIDER", "cpu"),
        Service.DOWNLOADER, RunningService.env("SDNEST_DOWNLOADER_INFERENCE_URLS", inference),
        Service.GATEWAY, RunningService.env("SDNEST_ADMIN_PASSWORD", "Deploy-IT-Passw0rd",
            "SDNEST_GATEWAY_INFERENCE_URLS", inference, "SDNEST_GATEWAY_DOWNLOADER_URL", downloader));
    for (Service s : Service.values()) {
      RUNNING.put(s, RunningService.start(s, data, env.get(s), ports.get(s)[0], ports.get(s)[1]));
    }
    for (Service s : Service.values()) {
      RUNNING.get(s).awaitManagement(s.config().metricsPath(), START_PATIENCE);
    }
  }

  @AfterAll
  static void stopServices() throws InterruptedException {
    for (RunningService running : RUNNING.values()) {
      running.close();
    }
  }

  /**
   * promtool reads the Prometheus text format (0.0.4), so ask for it as Prometheus' scraper does. It must parse; lint
   * findings fail the test only for sdnest's own metrics (Micrometer's JVM/Netty binders have some, which we do not own).
   */
  @Test
  void metricsPassPromtool() throws Exception {
    Assumptions.assumeTrue(Tool.onPath("promtool").isPresent(), "SKIPPED: promtool not found (Debian package prometheus)");
    List<String> failures = new ArrayList<>();
    for (Service s : Service.values()) {
      HttpResponse<String> metrics = RUNNING.get(s).management(s.config().metricsPath(), "text/plain; version=0.0.4");
      assertThat(metrics.statusCode()).as("%s metrics", s).isEqualTo(200);
      assertThat(metrics.body()).contains("# TYPE");
      Tool.Result check = Tool.run(Repo.root(), metrics.body(), "promtool", "check", "metrics");
      if (check.exitCode() == 1) {
        failures.add(s.module + " (does not parse):\n" + check.output());
      }
      check.output().lines().filter(line -> line.startsWith("sdnest_"))
          .forEach(line -> failures.add(s.module + " (lint): " + line));
    }
    assertThat(failures).as("promtool check metrics").isEmpty();
  }

  @Test
  void everyProbePathInTheManifestsIsServed() throws Exception {
    List<String> paths = new ArrayList<>();
    for (Service s : Service.values()) {
      for (String kind : List.of("live", "ready", "started")) {
        paths.add(s.config().healthPath(kind));
      }
    }
    Kustomize.assumeAvailable();
    Manifests gpu = Kustomize.render("overlays/gpu");
    for (Service s : Service.values()) {
      JsonNode container = Manifests.podSpec(gpu.get("Deployment", s.k8sName)).path("containers").get(0);
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        String path = container.path(probe).path("httpGet").path("path").asText();
        HttpResponse<String> response = RUNNING.get(s).management(path);
        // 503 is a real answer (not ready yet, e.g. no model); 404 would mean the probe asks for a path nobody serves.
        assertThat(response.statusCode()).as("%s %s %s", s, probe, path).isIn(200, 503);
        assertThat(response.body()).contains("\"status\"");
      }
    }
    assertThat(paths).isNotEmpty();
  }
}
