package io.sdnest.deploy;

/** The three services as the deploy files name them: Maven module, Kubernetes name, compose service. */
enum Service {
  GATEWAY("gateway", "sdnest-gateway", "gateway", "GATEWAY"),
  INFERENCE("inference-service", "sdnest-inference", "inference", "INFERENCE"),
  DOWNLOADER("model-downloader", "sdnest-downloader", "downloader", "DOWNLOADER");

  final String module;
  final String k8sName;
  final String composeName;
  /** Prefix of this service's port variables in deploy/compose/.env. */
  final String envPrefix;

  Service(String module, String k8sName, String composeName, String envPrefix) {
    this.module = module;
    this.k8sName = k8sName;
    this.composeName = composeName;
    this.envPrefix = envPrefix;
  }

  ServiceConfig config() {
    return ServiceConfig.of(this);
  }

  static Service byK8sName(String name) {
    for (Service s : values()) {
      if (s.k8sName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("not an sdnest service: " + name);
  }

  static Service byComposeName(String name) {
    for (Service s : values()) {
      if (s.composeName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("not an sdnest compose service: " + name);
  }
}
