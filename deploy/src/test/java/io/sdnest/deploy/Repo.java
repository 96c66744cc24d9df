package io.sdnest.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository under test (the root pom passes {@code test.repo-root}; IDE runs walk up to it). */
final class Repo {

  private Repo() {
  }

  static Path root() {
    String configured = System.getProperty("test.repo-root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("deploy")) && Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException("Cannot find the repository root; set -Dtest.repo-root");
  }

  static Path deploy(String relative) {
    return root().resolve("deploy").resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String projectVersion() {
    String version = System.getProperty("test.project-version");
    if (version == null || version.isBlank()) {
      throw new IllegalStateException("test.project-version is not set (run through Maven)");
    }
    return version;
  }
}
