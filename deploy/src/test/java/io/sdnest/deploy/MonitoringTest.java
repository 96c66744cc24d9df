package io.sdnest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;

/** Prometheus configuration and rules pass promtool; every metric they name follows sdnest_<service>_<what>_<unit>. */
class MonitoringTest {

  private static final Pattern SDNEST_METRIC = Pattern.compile("\\bsdnest_[a-z0-9_]+");
  private static final Path PROMETHEUS = Repo.deploy("prometheus");

  @BeforeAll
  static void promtoolIsInstalled() {
    Assumptions.assumeTrue(Tool.onPath("promtool").isPresent(), "SKIPPED: promtool not found (Debian package prometheus)");
  }

  @Test
  void composeScrapeConfigIsValid() {
    Tool.Result result = Tool.run(PROMETHEUS, null, "promtool", "check", "config", "prometheus-compose.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void alertRulesAreValid() {
    Tool.Result result = Tool.run(PROMETHEUS, null, "promtool", "check", "rules", "alerts.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(Repo.read(PROMETHEUS.resolve("alerts.yml")))
        .contains("sdnest_inference_queue_length", "up{", "sdnest_downloader_failures_total", "status=~\"5..\"");
  }

  @Test
  void composeScrapeTargetsAreTheManagementPortsAndMetricsPath() throws Exception {
    JsonNode config = Manifests.YAML.readTree(Repo.read(PROMETHEUS.resolve("prometheus-compose.yml")));
    Map<String, String> env = ComposeFile.dotEnv();
    for (Service s : Service.values()) {
      JsonNode job = Manifests.each(config.path("scrape_configs")).filter(j -> j.path("job_name").asText().equals(s.k8sName)).findFirst()
          .orElseThrow(() -> new AssertionError("no scrape job for " + s));
      assertThat(job.path("metrics_path").asText()).isEqualTo(s.config().metricsPath());
      assertThat(job.path("static_configs").get(0).path("targets").get(0).asText())
          .isEqualTo(s.composeName + ":" + env.get(s.envPrefix + "_MANAGEMENT_PORT"));
      assertThat(job.path("static_configs").get(0).path("labels").path("service").asText()).isEqualTo(s.k8sName);
    }
  }

  @Test
  void dashboardIsGrafanaJsonOverSdnestMetrics() throws Exception {
    JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Repo.read(PROMETHEUS.resolve("grafana/sdnest-dashboard.json")));
    assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(6);
    Set<String> titles = new TreeSet<>();
    dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText().toLowerCase()));
    assertThat(String.join("|", titles)).contains("queue", "batch", "images per second", "step time", "latency", "downloads");
  }

  @Test
  void metricNamesFollowTheConvention() {
    Set<String> names = new TreeSet<>();
    for (Path file : new Path[] {PROMETHEUS.resolve("alerts.yml"), PROMETHEUS.resolve("grafana/sdnest-dashboard.json"),
        Repo.deploy("kubernetes/overlays/keda/scaled-object.yaml")}) {
      Matcher m = SDNEST_METRIC.matcher(Repo.read(file));
      while (m.find()) {
        names.add(m.group());
      }
    }
    assertThat(names).isNotEmpty().allSatisfy(name ->
        assertThat(name).matches("sdnest_(gateway|inference|downloader)_[a-z0-9]+(_[a-z0-9]+)*"));
  }
}
