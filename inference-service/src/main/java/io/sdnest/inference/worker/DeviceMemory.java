package io.sdnest.inference.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Free and used memory of a CUDA device, read with {@code nvidia-smi} (present wherever the NVIDIA container runtime
 * mounts the driver); ONNX Runtime's Java API does not expose it. Empty where there is no such device or no
 * {@code nvidia-smi}. A reading is reused for {@link #FRESH}, so a metrics scrape does not start a process each time.
 */
public final class DeviceMemory {

  /** Free and used bytes on the device. */
  public record Reading(long free, long used) {
  }

  /** How long a reading (or a failure to read) is reused. */
  static final Duration FRESH = Duration.ofSeconds(5);
  private static final long MIB = 1024L * 1024;
  /** Model weights (fp16 SD 1.5 UNet, text encoder, VAE) and cuDNN workspace kept aside before counting rows. */
  private static final long RESERVED = 2048 * MIB;
  /** Activation memory per UNet row at 64×64 latents in fp16, attention included. */
  private static final long PER_ROW = 768 * MIB;

  private final Supplier<Optional<Reading>> source;
  private final LongSupplier nanoClock;
  private Optional<Reading> last;
  private long lastReadNanos;

  public DeviceMemory(int deviceId) {
    this(() -> nvidiaSmi(deviceId), System::nanoTime);
  }

  /** @param source reads the device (a process start with nvidia-smi); {@code nanoClock} as {@link System#nanoTime} */
  public DeviceMemory(Supplier<Optional<Reading>> source, LongSupplier nanoClock) {
    this.source = source;
    this.nanoClock = nanoClock;
  }

  /** The device's memory now, or as read less than {@link #FRESH} ago; empty when it cannot be read. */
  public synchronized Optional<Reading> read() {
    long now = nanoClock.getAsLong();
    if (last == null || now - lastReadNanos >= FRESH.toNanos()) {
      last = source.get();
      lastReadNanos = now;
    }
    return last;
  }

  /**
   * Rows per UNet call at 64×64 latents (512×512 images) that fit into {@code free} bytes:
   * floor((free − 2 GiB) / 768 MiB) within [1, 64]. Larger images get proportionally fewer rows per call
   * ({@link io.sdnest.inference.engine.pipeline.UnetBatch#rowsAt}).
   */
  public static int rowsFor(long free) {
    return (int) Math.max(1, Math.min(64, (free - RESERVED) / PER_ROW));
  }

  private static Optional<Reading> nvidiaSmi(int deviceId) {
    try {
      Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=memory.free,memory.used",
          "--format=csv,noheader,nounits", "-i", String.valueOf(deviceId)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Optional.empty();
      }
      return parse(out);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** nvidia-smi's {@code "<free MiB>, <used MiB>"} line. */
  static Optional<Reading> parse(String csv) {
    String[] fields = csv.lines().findFirst().orElse("").split(",");
    if (fields.length != 2) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Reading(Long.parseLong(fields[0].trim()) * MIB, Long.parseLong(fields[1].trim()) * MIB));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
