package io.sdnest.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs a command-line tool (kubectl, promtool) and captures what it says. */
final class Tool {

  record Result(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }

  private Tool() {
  }

  static Result run(Path workDir, String stdin, String... command) {
    try {
      Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      var out = new java.io.ByteArrayOutputStream();
      var err = new java.io.ByteArrayOutputStream();
      Thread errReader = new Thread(() -> copy(process.getErrorStream(), err));
      errReader.start();
      copy(process.getInputStream(), out);
      int code = process.waitFor();
      errReader.join();
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The absolute path of an executable on the PATH, if there is one. */
  static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    List<Path> candidates = new ArrayList<>();
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, name));
      }
    }
    return candidates.stream().filter(p -> p.toFile().canExecute()).findFirst();
  }

  private static void copy(java.io.InputStream in, java.io.OutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
