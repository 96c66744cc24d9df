package io.sdnest.downloader.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.sdnest.downloader.model.DownloadFailure;
import io.sdnest.downloader.model.FailureReason;

/** Refuses to start a transfer that would leave less than the margin free. */
final class FreeSpace {

  private FreeSpace() {
  }

  static void require(Path folder, long bytes, long margin) throws IOException {
    long usable = Files.getFileStore(folder).getUsableSpace();
    if (usable < bytes + margin) {
      throw new DownloadFailure(FailureReason.NO_SPACE, "Not enough free space: " + bytes + " bytes needed plus a margin of "
          + margin + ", " + usable + " available");
    }
  }
}
