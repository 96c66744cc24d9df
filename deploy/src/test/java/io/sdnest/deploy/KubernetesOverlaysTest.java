package io.sdnest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders every overlay with kustomize and checks it against what the services actually read and serve. */
class KubernetesOverlaysTest {

  private static final Map<String, Manifests> RENDERED = new HashMap<>();

  @BeforeAll
  static void kustomizeIsInstalled() {
    Kustomize.assumeAvailable();
  }

  static Manifests rendered(String overlay) {
    return RENDERED.computeIfAbsent(overlay, Kustomize::render);
  }

  private static JsonNode deployment(Manifests m, Service s) {
    return m.get("Deployment", s.k8sName);
  }

  private static JsonNode container(JsonNode deployment) {
    return Manifests.podSpec(deployment).path("containers").get(0);
  }

  /** The environment a container gets: its ConfigMaps (envFrom) overlaid by its own env entries. */
  private static Map<String, String> environment(Manifests m, JsonNode container) {
    Map<String, String> env = new HashMap<>();
    Manifests.each(container.path("envFrom")).forEach(from -> {
      if (from.has("configMapRef")) {
        JsonNode cm = m.get("ConfigMap", from.path("configMapRef").path("name").asText());
        cm.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
      }
    });
    Manifests.each(container.path("env")).forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
    return env;
  }

  private static int containerPort(JsonNode container, String name) {
    return Manifests.each(container.path("ports")).filter(p -> name.equals(p.path("name").asText()))
        .mapToInt(p -> p.path("containerPort").asInt(-1)).findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/gpu", "overlays/cpu", "overlays/keda"})
  void everyResourceLivesInTheSdnestNamespace(String overlay) {
    Manifests m = rendered(overlay);
    assertThat(m.resources()).isNotEmpty();
    m.resources().stream().filter(r -> !"Namespace".equals(r.path("kind").asText())).forEach(r ->
        assertThat(r.path("metadata").path("namespace").asText()).as("namespace of %s %s", r.path("kind").asText(), Manifests.name(r))
            .isEqualTo("sdnest"));
    assertThat(m.defines("Namespace", "sdnest")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/gpu", "overlays/cpu", "overlays/keda"})
  void containersListenWhereTheServicesBind(String overlay) {
    Manifests m = rendered(overlay);
    for (Service s : Service.values()) {
      ServiceConfig config = s.config();
      JsonNode c = container(deployment(m, s));
      Map<String, String> env = environment(m, c);
      int http = Integer.parseInt(env.getOrDefault("QUARKUS_HTTP_PORT", String.valueOf(config.httpPort())));
      int management = Integer.parseInt(env.getOrDefault("QUARKUS_MANAGEMENT_PORT", String.valueOf(config.managementPort())));
      assertThat(containerPort(c, "http")).as("%s http port", s).isEqualTo(http);
      assertThat(containerPort(c, "management")).as("%s management port", s).isEqualTo(management);
      assertThat(management).as("%s keeps health and metrics off the public port", s).isNotEqualTo(http);
      // Ports stay the services' own defaults, so the local stack, compose and Kubernetes agree.
      assertThat(http).isEqualTo(config.httpPort());
      assertThat(management).isEqualTo(config.managementPort());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/gpu", "overlays/cpu", "overlays/keda"})
  void probesCallTheHealthPathsOnTheManagementPort(String overlay) {
    Manifests m = rendered(overlay);
    for (Service s : Service.values()) {
      ServiceConfig config = s.config();
      assertThat(config.managementEnabled()).as("%s enables the management interface", s).isTrue();
      JsonNode c = container(deployment(m, s));
      Map<String, String> probes = Map.of("startupProbe", "started", "livenessProbe", "live", "readinessProbe", "ready");
      probes.forEach((probe, kind) -> {
        JsonNode get = c.path(probe).path("httpGet");
        assertThat(get.isMissingNode()).as("%s has an HTTP %s", s, probe).isFalse();
        assertThat(get.path("port").asText()).as("%s %s port", s, probe).isEqualTo("management");
        assertThat(get.path("path").asText()).as("%s %s path", s, probe).isEqualTo(config.healthPath(kind));
      });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/gpu", "overlays/cpu", "overlays/keda"})
  void everyReferencedVolumeSecretAndConfigMapIsDefined(String overlay) {
    Manifests m = rendered(overlay);
    m.ofKind("Deployment").forEach(d -> {
      JsonNode pod = Manifests.podSpec(d);
      Set<String> volumes = Manifests.each(pod.path("volumes")).map(v -> v.path("name").asText()).collect(Collectors.toSet());
      Set<String> mounted = new HashSet<>();
      Manifests.each(pod.path("containers")).forEach(c -> {
        Manifests.each(c.path("volumeMounts")).forEach(vm -> {
          assertThat(volumes).as("%s mounts a defined volume", Manifests.name(d)).contains(vm.path("name").asText());
          mounted.add(vm.path("name").asText());
        });
        Manifests.each(c.path("envFrom")).forEach(from -> {
          if (from.has("configMapRef")) {
            assertThat(m.defines("ConfigMap", from.path("configMapRef").path("name").asText())).isTrue();
          }
          if (from.has("secretRef")) {
            assertThat(m.defines("Secret", from.path("secretRef").path("name").asText())).isTrue();
          }
        });
        Manifests.each(c.path("env")).forEach(e -> {
          JsonNode secretKey = e.path("valueFrom").path("secretKeyRef");
          if (!secretKey.isMissingNode()) {
            JsonNode secret = m.get("Secret", secretKey.path("name").asText());
            assertThat(secret.path("data").has(secretKey.path("key").asText())).as("Secret key %s", secretKey).isTrue();
          }
          JsonNode configKey = e.path("valueFrom").path("configMapKeyRef");
          if (!configKey.isMissingNode()) {
            JsonNode cm = m.get("ConfigMap", configKey.path("name").asText());
            assertThat(cm.path("data").has(configKey.path("key").asText())).as("ConfigMap key %s", configKey).isTrue();
          }
        });
      });
      assertThat(mounted).as("%s mounts every volume it declares", Manifests.name(d)).containsExactlyInAnyOrderElementsOf(volumes);
      Manifests.each(pod.path("volumes")).forEach(v -> {
        if (v.has("persistentVolumeClaim")) {
          assertThat(m.defines("PersistentVolumeClaim", v.path("persistentVolumeClaim").path("claimName").asText())).isTrue();
        }
        if (v.has("secret")) {
          JsonNode secret = m.get("Secret", v.path("secret").path("secretName").asText());
          Manifests.each(v.path("secret").path("items")).forEach(item ->
              assertThat(secret.path("data").has(item.path("key").asText())).as("Secret item %s", item).isTrue());
        }
        if (v.has("configMap")) {
          assertThat(m.defines("ConfigMap", v.path("configMap").path("name").asText())).isTrue();
        }
      });
    });
    assertThat(m.get("PersistentVolumeClaim", "sdnest-data").path("spec").path("accessModes").toString()).contains("ReadWriteMany");
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/gpu", "overlays/cpu", "overlays/keda"})
  void theSharedVolumeIsWrittenOnlyByTheDownloader(String overlay) {
    Manifests m = rendered(overlay);
    JsonNode inference = container(deployment(m, Service.INFERENCE));
    Manifests.each(inference.path("volumeMounts")).filter(vm -> "data".equals(vm.path("name").asText()))
        .filter(vm -> vm.path("mountPath").asText().matches("/data/(models|embeddings)"))
        .forEach(vm -> assertThat(vm.path("readOnly").asBoolean()).as("inference mounts %s read-only", vm.path("mountPath").asText()).isTrue());
    assertThat(Manifests.each(inference.path("volumeMounts")).filter(vm -> vm.path("mountPath").asText().equals("/data/models")).count()).isEqualTo(1);
    JsonNode downloader = container(deployment(m, Service.DOWNLOADER));
    assertThat(Manifests.each(downloader.path("volumeMounts"))
        .anyMatch(vm -> "/data".equals(vm.path("mountPath").asText()) && !vm.path("readOnly").asBoolean())).isTrue();
    for (Service s : Service.values()) {
      assertThat(environment(m, container(deployment(m, s))).get("SDNEST_DATA_DIR")).isEqualTo("/data");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/gpu", "overlays/cpu", "overlays/keda"})
  void environmentNamesAreKeysTheServicesRead(String overlay) {
    Manifests m = rendered(overlay);
    Map<String, Set<String>> unread = new java.util.TreeMap<>();
    for (Service s : Service.values()) {
      ServiceConfig config = s.config();
      environment(m, container(deployment(m, s))).keySet().stream().filter(name -> !config.reads(name))
          .forEach(name -> unread.computeIfAbsent(s.module, k -> new java.util.TreeSet<>()).add(name));
    }
    assertThat(unread).as("environment variables set for a service that no config key of that service maps to").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/gpu", "overlays/cpu", "overlays/keda"})
  void imagesAreTheImagesTheServicesBuild(String overlay) {
    Manifests m = rendered(overlay);
    for (Service s : Service.values()) {
      String image = container(deployment(m, s)).path("image").asText();
      assertThat(image).as("%s image", s).isEqualTo(s.config().imageRepository() + ":" + Repo.projectVersion());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/gpu", "overlays/cpu", "overlays/keda"})
  void upstreamUrlsPointAtTheRightServices(String overlay) {
    Manifests m = rendered(overlay);
    Map<String, String> gateway = environment(m, container(deployment(m, Service.GATEWAY)));
    Map<String, String> downloader = environment(m, container(deployment(m, Service.DOWNLOADER)));
    assertUpstream(m, gateway.get("SDNEST_GATEWAY_INFERENCE_URLS"), Service.INFERENCE);
    assertUpstream(m, gateway.get("SDNEST_GATEWAY_DOWNLOADER_URL"), Service.DOWNLOADER);
    assertUpstream(m, downloader.get("SDNEST_DOWNLOADER_INFERENCE_URLS"), Service.INFERENCE);
    assertThat(m.get("Service", Service.INFERENCE.k8sName).path("spec").path("clusterIP").asText())
        .as("inference is headless, one DNS answer per replica").isEqualTo("None");
  }

  private static void assertUpstream(Manifests m, String urls, Service target) {
    assertThat(urls).as("upstream URL for %s", target).isNotBlank();
    for (String url : urls.split(",")) {
      URI uri = URI.create(url.trim());
      JsonNode service = m.get("Service", uri.getHost());
      JsonNode selector = service.path("spec").path("selector");
      JsonNode podLabels = deployment(m, target).path("spec").path("template").path("metadata").path("labels");
      selector.fields().forEachRemaining(e ->
          assertThat(podLabels.path(e.getKey()).asText()).as("%s selects %s pods", uri.getHost(), target).isEqualTo(e.getValue().asText()));
      JsonNode port = Manifests.each(service.path("spec").path("ports")).filter(p -> p.path("port").asInt() == uri.getPort()).findFirst()
          .orElseThrow(() -> new AssertionError(url + ": Service " + uri.getHost() + " has no port " + uri.getPort()));
      assertThat(port.path("targetPort").asText()).as("%s reaches the API port", url).isEqualTo("http");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/gpu", "overlays/cpu", "overlays/keda"})
  void podsOutliveTheirDrain(String overlay) {
    Manifests m = rendered(overlay);
    for (Service s : Service.values()) {
      JsonNode d = deployment(m, s);
      Map<String, String> env = environment(m, container(d));
      long drain = Durations.parse(env.get("QUARKUS_SHUTDOWN_DELAY")).plus(Durations.parse(env.get("QUARKUS_SHUTDOWN_TIMEOUT"))).toSeconds();
      assertThat(Manifests.podSpec(d).path("terminationGracePeriodSeconds").asLong()).as("%s grace period", s).isGreaterThan(drain);
      assertThat(s.config().property("quarkus.shutdown.delay-enabled")).as("%s builds with the shutdown delay", s).isEqualTo("true");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/gpu", "overlays/cpu", "overlays/keda"})
  void podsRunAsNonRootOnReadOnlyRootFilesystems(String overlay) {
    Manifests m = rendered(overlay);
    for (Service s : Service.values()) {
      JsonNode pod = Manifests.podSpec(deployment(m, s));
      assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as("%s non-root", s).isTrue();
      assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(Integer.parseInt(s.config().property("quarkus.jib.user")));
      JsonNode c = container(deployment(m, s));
      assertThat(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).as("%s read-only root", s).isTrue();
      assertThat(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
      assertThat(c.path("resources").path("requests").path("memory").isMissingNode()).as("%s requests memory", s).isFalse();
      assertThat(c.path("resources").path("limits").path("memory").isMissingNode()).as("%s limits memory", s).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/gpu", "overlays/cpu", "overlays/keda"})
  void everyDeploymentHasADisruptionBudgetAndTheGatewayAnAutoscaler(String overlay) {
    Manifests m = rendered(overlay);
    for (Service s : Service.values()) {
      assertThat(m.ofKind("PodDisruptionBudget").anyMatch(pdb ->
          s.k8sName.equals(pdb.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText())))
          .as("PDB for %s", s).isTrue();
    }
    JsonNode hpa = m.get("HorizontalPodAutoscaler", Service.GATEWAY.k8sName);
    assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(Service.GATEWAY.k8sName);
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/gpu", "overlays/cpu", "overlays/keda"})
  void onlyTheGatewayReachesInferenceAndDownloaderAndOnlyPrometheusTheManagementPorts(String overlay) {
    Manifests m = rendered(overlay);
    assertThat(m.ofKind("NetworkPolicy").anyMatch(np -> np.path("spec").path("podSelector").isEmpty()
        && np.path("spec").path("ingress").isMissingNode())).as("a default deny-all ingress policy").isTrue();
    Map<Service, Set<String>> allowedApiClients = Map.of(
        Service.INFERENCE, Set.of("sdnest-gateway", "sdnest-downloader"),
        Service.DOWNLOADER, Set.of("sdnest-gateway"));
    for (Service s : Service.values()) {
      List<JsonNode> policies = m.ofKind("NetworkPolicy").filter(np ->
          s.k8sName.equals(np.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())).toList();
      assertThat(policies).as("NetworkPolicy for %s", s).isNotEmpty();
      policies.stream().flatMap(np -> Manifests.each(np.path("spec").path("ingress"))).forEach(rule -> {
        Set<String> ports = Manifests.each(rule.path("ports")).map(p -> p.path("port").asText()).collect(Collectors.toSet());
        assertThat(ports).as("%s rule names its ports", s).isNotEmpty();
        if (ports.contains("management")) {
          assertThat(ports).containsOnly("management");
          assertThat(Manifests.each(rule.path("from")).toList()).isNotEmpty().allSatisfy(from ->
              assertThat(from.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText()).isEqualTo("prometheus"));
        } else if (allowedApiClients.containsKey(s)) {
          assertThat(Manifests.each(rule.path("from")).toList()).as("%s API clients", s).isNotEmpty().allSatisfy(from -> {
            assertThat(from.has("namespaceSelector")).isFalse();
            assertThat(allowedApiClients.get(s)).contains(from.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText());
          });
        }
      });
    }
  }

  @Test
  void gpuOverlayGivesEachInferenceReplicaOneGpu() {
    Manifests m = rendered("overlays/gpu");
    JsonNode d = deployment(m, Service.INFERENCE);
    assertThat(d.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(container(d).path("resources").path("limits").path("nvidia.com/gpu").asText()).isEqualTo("1");
    JsonNode pod = Manifests.podSpec(d);
    assertThat(pod.path("nodeSelector").isEmpty()).as("GPU node selector").isFalse();
    assertThat(Manifests.each(pod.path("tolerations")).anyMatch(t -> "nvidia.com/gpu".equals(t.path("key").asText()))).isTrue();
    assertThat(environment(m, container(d)).get("SDNEST_INFERENCE_EXECUTION_PROVIDER")).isIn("cuda", "tensorrt", "auto");
    for (Service s : List.of(Service.GATEWAY, Service.DOWNLOADER)) {
      assertThat(container(deployment(m, s)).path("resources").toString()).doesNotContain("nvidia.com/gpu");
    }
  }

  @Test
  void cpuOverlayAsksForNoGpuAnywhere() {
    Manifests m = rendered("overlays/cpu");
    assertThat(m.resources()).allSatisfy(r -> assertThat(r.toString()).doesNotContain("nvidia.com/gpu"));
    JsonNode inference = container(deployment(m, Service.INFERENCE));
    assertThat(environment(m, inference).get("SDNEST_INFERENCE_EXECUTION_PROVIDER")).isEqualTo("cpu");
  }

  @Test
  void kedaOverlayScalesInferenceToZeroOnPrometheusMetrics() {
    Manifests m = rendered("overlays/keda");
    JsonNode scaled = m.get("ScaledObject", Service.INFERENCE.k8sName);
    assertThat(scaled.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(Service.INFERENCE.k8sName);
    assertThat(scaled.path("spec").path("minReplicaCount").asInt(-1)).isZero();
    assertThat(Manifests.each(scaled.path("spec").path("triggers")).toList()).isNotEmpty().allSatisfy(t -> {
      assertThat(t.path("type").asText()).isEqualTo("prometheus");
      assertThat(t.path("metadata").path("query").asText()).containsPattern("sdnest_(gateway|inference)_");
    });
    assertThat(deployment(m, Service.INFERENCE).path("spec").has("replicas")).as("KEDA owns the replica count").isFalse();
    assertThat(Manifests.each(scaled.path("spec").path("triggers")).map(t -> t.path("metadata").path("query").asText()))
        .as("a trigger wakes inference from zero on requests the gateway could not place")
        .anyMatch(q -> q.contains("sdnest_gateway_upstream_waiting") || q.contains("sdnest_gateway_no_upstream_total"));
    for (Service s : Service.values()) {
      JsonNode monitor = m.get("ServiceMonitor", s.k8sName);
      JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
      assertThat(endpoint.path("port").asText()).isEqualTo("management");
      assertThat(endpoint.path("path").asText()).isEqualTo(s.config().metricsPath());
      assertThat(Manifests.each(m.get("Service", s.k8sName).path("spec").path("ports")).map(p -> p.path("name").asText()))
          .contains("management");
    }
  }

  @Test
  void onlyTheKedaGatewayIsReadyWithoutInferenceAndHoldsRequestsForABoundedWhile() {
    for (String overlay : List.of("overlays/gpu", "overlays/cpu")) {
      Map<String, String> env = environment(rendered(overlay), container(deployment(rendered(overlay), Service.GATEWAY)));
      assertThat(env).as("%s gateway keeps the defaults", overlay)
          .doesNotContainKeys("SDNEST_GATEWAY_READINESS_REQUIRE_UPSTREAMS", "SDNEST_GATEWAY_UPSTREAMS_WAIT_FOR_READY");
    }
    assertThat(Service.GATEWAY.config().property("sdnest.gateway.readiness.require-upstreams")).isNull();
    Manifests keda = rendered("overlays/keda");
    Map<String, String> env = environment(keda, container(deployment(keda, Service.GATEWAY)));
    assertThat(env.get("SDNEST_GATEWAY_READINESS_REQUIRE_UPSTREAMS")).isEqualTo("false");
    java.time.Duration wait = Durations.parse(env.get("SDNEST_GATEWAY_UPSTREAMS_WAIT_FOR_READY"));
    assertThat(wait).as("requests wait for the first replica").isPositive()
        .as("but not longer than a KEDA poll plus a cold start").isLessThanOrEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(Integer.parseInt(env.get("SDNEST_GATEWAY_UPSTREAMS_MAX_WAITING"))).as("waiting requests are bounded").isBetween(1, 10_000);
  }

  @Test
  void portsAreWrittenOnceInTheKustomizeTree() throws Exception {
    // Only config/*.env hold port numbers; resources name ports and kustomize fills the numbers in.
    try (Stream<java.nio.file.Path> files = java.nio.file.Files.walk(Repo.deploy("kubernetes"))) {
      List<java.nio.file.Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).toList();
      for (java.nio.file.Path file : yaml) {
        String text = Repo.read(file);
        for (Service s : Service.values()) {
          ServiceConfig config = s.config();
          for (int port : new int[] {config.httpPort(), config.managementPort()}) {
            assertThat(text).as("%s repeats port %d", Repo.root().relativize(file), port).doesNotContainPattern("(?<![0-9.])" + port + "(?![0-9])");
          }
        }
        assertThat(text).as("%s repeats a health path", file).doesNotContain("/q/health");
      }
    }
  }
}
