package io.sdnest.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * Renders a kustomization with kustomize v4 or newer: {@code kubectl kustomize} (kubectl 1.21+ embeds it) or a
 * standalone {@code kustomize build}. The tree uses replacements and components, which kustomize v2/v3 (the one inside
 * Debian bookworm's kubectl 1.20) does not know.
 */
final class Kustomize {

  private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("Kustomize Version: v?(\\d+)\\.");
  private static final Pattern STANDALONE_VERSION = Pattern.compile("v?(\\d+)\\.\\d+");
  private static volatile Optional<List<String>> command;

  private Kustomize() {
  }

  /** The rendered resources of a kustomization directory under deploy/kubernetes. */
  static Manifests render(String kustomization) {
    List<String> base = command().orElseThrow();
    Path dir = Repo.deploy("kubernetes").resolve(kustomization);
    String[] cmd = new java.util.ArrayList<String>(base) {{ add(dir.toString()); }}.toArray(String[]::new);
    Tool.Result result = Tool.run(dir, null, cmd);
    if (result.exitCode() != 0) {
      throw new AssertionError("kustomize failed for " + kustomization + ":\n" + result.output());
    }
    return Manifests.parse(result.stdout());
  }

  /** Skips the calling test, saying why, when no kustomize v4+ is installed. */
  static void assumeAvailable() {
    Assumptions.assumeTrue(command().isPresent(),
        "SKIPPED: no kustomize v4+ found (kubectl >= 1.21 with `kubectl kustomize`, or `kustomize`). "
            + "Debian bookworm's kubernetes-client 1.20 embeds kustomize v2, too old for this tree; "
            + "install kubectl from the Kubernetes or Google Cloud SDK packages.");
  }

  private static Optional<List<String>> command() {
    if (command == null) {
      command = detect();
    }
    return command;
  }

  private static Optional<List<String>> detect() {
    Optional<Path> kubectl = Tool.onPath("kubectl");
    if (kubectl.isPresent()) {
      Tool.Result version = Tool.run(Repo.root(), null, kubectl.get().toString(), "version", "--client");
      Matcher m = KUSTOMIZE_VERSION.matcher(version.output());
      if (m.find() && Integer.parseInt(m.group(1)) >= 4) {
        return Optional.of(List.of(kubectl.get().toString(), "kustomize"));
      }
    }
    Optional<Path> kustomize = Tool.onPath("kustomize");
    if (kustomize.isPresent()) {
      Tool.Result version = Tool.run(Repo.root(), null, kustomize.get().toString(), "version");
      Matcher m = STANDALONE_VERSION.matcher(version.output());
      if (m.find() && Integer.parseInt(m.group(1)) >= 4) {
        return Optional.of(List.of(kustomize.get().toString(), "build"));
      }
    }
    return Optional.empty();
  }
}
