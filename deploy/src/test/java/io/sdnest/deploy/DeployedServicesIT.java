package io.sdnest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * The three packaged services, started as the deployments start them: what Prometheus scrapes passes
 * {@code promtool check metrics}, and every probe path the Kubernetes manifests use is served on the management port.
 */
class DeployedServicesIT {

  private static final Duration START_PATIENCE = Duration.ofMinutes(3);
  private static final String ADMIN_PASSWORD = "Deploy-IT-Passw0rd";
  private static final Map<Service, RunningService> RUNNING = new EnumMap<>(Service.class);
  /** A stand-in model hub on loopback, so a download can run (and fail verification) without the internet. */
  private static HttpServer hub;

  @BeforeAll
  static void startServices() throws Exception {
    for (Service s : Service.values()) {
      assertThat(RunningService.jar(s)).as("%s is packaged earlier in the reactor", s.module).exists();
    }
    Path data = Files.createTempDirectory("sdnest-deploy-it-");
    hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hub.createContext("/", exchange -> {
      byte[] body = "not the model you asked for".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    hub.start();
    Map<Service, int[]> ports = new EnumMap<>(Service.class);
    for (Service s : Service.values()) {
      ports.put(s, new int[] {RunningService.freePort(), RunningService.freePort()});
    }
    String inference = "http://127.0.0.1:" + ports.get(Service.INFERENCE)[0];
    String downloader = "http://127.0.0.1:" + ports.get(Service.DOWNLOADER)[0];
    Map<Service, Map<String, String>> env = Map.of(
        Service.INFERENCE, RunningService.env("SDNEST_INFERENCE_EXECUTION_PROVIDER", "cpu"),
        Service.DOWNLOADER, RunningService.env("SDNEST_DOWNLOADER_INFERENCE_URLS", inference,
            "SDNEST_DOWNLOADER_ALLOW_HTTP", "true", "SDNEST_DOWNLOADER_ALLOW_PRIVATE_ADDRESSES", "true",
            "SDNEST_DOWNLOADER_EXTRA_HOSTS", "127.0.0.1",
            "SDNEST_DOWNLOADER_EXTRA_PORTS", String.valueOf(hub.getAddress().getPort())),
        Service.GATEWAY, RunningService.env("SDNEST_ADMIN_PASSWORD", ADMIN_PASSWORD,
            "SDNEST_GATEWAY_INFERENCE_URLS", inference, "SDNEST_GATEWAY_DOWNLOADER_URL", downloader,
            // Free ports break the +920 convention, so the management URLs are given.
            "SDNEST_GATEWAY_INFERENCE_MANAGEMENT_URLS", "http://127.0.0.1:" + ports.get(Service.INFERENCE)[1],
            "SDNEST_GATEWAY_DOWNLOADER_MANAGEMENT_URL", "http://127.0.0.1:" + ports.get(Service.DOWNLOADER)[1]));
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
    if (hub != null) {
      hub.stop(0);
    }
  }

  /**
   * Every metric family in expected-metrics.txt, and every exact series the alerts, dashboard and ScaledObject query
   * ({@code _bucket} included), is served by its service once each has done its work once: a txt2img on the demo
   * model, a rejected request, a download that fails verification. (Micrometer shows most meters only after their
   * first observation.)
   */
  @Test
  void everyExpectedMetricIsServed() throws Exception {
    RunningService gateway = RUNNING.get(Service.GATEWAY);
    awaitReady(gateway); // the gateway is ready once it sees inference (model loaded) and the downloader ready
    HttpResponse<String> generated = gateway.call("POST", "/sdapi/v1/txt2img",
        "{\"prompt\":\"a red apple\",\"steps\":3,\"width\":64,\"height\":64,\"seed\":7}", "admin", ADMIN_PASSWORD);
    assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
    assertThat(gateway.call("GET", "/sdapi/v1/sd-models", null, null, null).statusCode()).isEqualTo(401);
    String sha = "0".repeat(64);
    HttpResponse<String> started = gateway.call("POST", "/downloader/v1/downloads", "{\"url\":\"http://127.0.0.1:"
        + hub.getAddress().getPort() + "/deploy-it.safetensors\",\"type\":\"LORA\",\"name\":\"deploy-it\",\"sha256\":\""
        + sha + "\"}", "admin", ADMIN_PASSWORD);
    assertThat(started.statusCode()).as(started.body()).isLessThan(300);
    String job = Manifests.YAML.readTree(started.body()).path("id").asText();
    String state = "";
    for (int i = 0; i < 600 && !state.matches("DONE|FAILED|CANCELLED"); i++) {
      Thread.sleep(200);
      state = Manifests.YAML.readTree(gateway.call("GET", "/downloader/v1/downloads/" + job, null, "admin", ADMIN_PASSWORD)
          .body()).path("state").asText();
    }
    assertThat(state).as("the download with a wrong sha256").isEqualTo("FAILED");

    Map<String, Set<String>> expected = ExpectedMetrics.bySection();
    Set<String> families = ExpectedMetrics.all();
    Set<String> referenced = new TreeSet<>();
    for (Path file : ReferencedMetricsTest.USERS) {
      Matcher m = Pattern.compile("\\bsdnest_[a-z0-9_]+").matcher(Repo.read(file));
      while (m.find()) {
        referenced.add(m.group());
      }
    }
    List<String> missing = new ArrayList<>();
    for (Service s : Service.values()) {
      String section = s.composeName;
      String exposition = RUNNING.get(s).management(s.config().metricsPath(), "text/plain; version=0.0.4").body();
      for (String family : expected.getOrDefault(section, Set.of())) {
        if (!ExpectedMetrics.served(exposition, family)) {
          missing.add(s.module + ": " + family);
        }
      }
      for (String series : referenced) {
        // A listed family name is checked as a family (a histogram has no bare series), anything else exactly.
        boolean served = families.contains(series) ? ExpectedMetrics.served(exposition, series)
            : Pattern.compile("(?m)^" + Pattern.quote(series) + "[{ ]").matcher(exposition).find();
        if (series.startsWith("sdnest_" + section + "_") && !served) {
          missing.add(s.module + ": " + series + " (queried by alerts/dashboard/KEDA)");
        }
      }
    }
    assertThat(families).isNotEmpty();
    assertThat(missing).as("metrics not served after one generation, one rejection and one failed download").isEmpty();
  }

  /**
   * promtool reads the Prometheus text format (0.0.4), so ask for it as Prometheus' scraper does. It must parse; lint
   * findings fail the test only for sdnest's own metrics (Micrometer's JVM/Netty binders have some, which we do not own).
   */
  private static void awaitReady(RunningService service) throws Exception {
    String ready = service.service.config().healthPath("ready");
    long deadline = System.nanoTime() + START_PATIENCE.toNanos();
    while (service.management(ready).statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertThat(service.management(ready).statusCode()).as("%s ready", service.service).isEqualTo(200);
  }

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
