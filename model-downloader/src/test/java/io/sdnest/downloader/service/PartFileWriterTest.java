package io.sdnest.downloader.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PartFileWriterTest {

  // under target/ rather than /tmp, which may be a tmpfs without O_DIRECT
  private static final Path DIR = Path.of("target", "part-file-writer-test");

  @Test
  void writesEveryByteInOrderFromAnUnalignedResumePosition() throws IOException {
    byte[] data = randomBytes(PartFileWriter.DIRECT_BLOCK * 2 + 12_345);
    int start = 5_000;
    Path part = freshPart("resume.part");
    Files.write(part, Arrays.copyOf(data, start));

    long reported = 0;
    try (PartFileWriter writer = PartFileWriter.open(part, open(part), start)) {
      int[] pieces = {1, 4_000, 300_000, 7, PartFileWriter.DIRECT_BLOCK, 65_536};
      int off = start;
      for (int i = 0; off < data.length; i++) {
        int n = Math.min(pieces[i % pieces.length], data.length - off);
        reported += writer.write(Arrays.copyOfRange(data, off, off + n), n, i % 4 == 3);
        off += n;
      }
      reported += writer.writeRest();
      writer.force();
    }

    assertThat(reported).isEqualTo(data.length - start);
    assertThat(Files.readAllBytes(part)).isEqualTo(data);
  }

  @Test
  void aWriterThatCaughtUpWritesAtMostOneAlignmentUnitLessThanItGot() throws IOException {
    byte[] data = randomBytes(10_000);
    Path part = freshPart("caught-up.part");

    try (PartFileWriter writer = PartFileWriter.open(part, open(part), 0)) {
      long now = writer.write(data, data.length, true);
      assertThat(now).isGreaterThan(data.length - Files.getFileStore(part).getBlockSize()).isEqualTo(Files.size(part));

      assertThat(now + writer.writeRest()).isEqualTo(data.length);
      assertThat(writer.writeRest()).isZero();
    }
    assertThat(Files.readAllBytes(part)).isEqualTo(data);
  }

  @Test
  void aFileSystemThatRefusesDirectWritesGetsEveryByteThroughThePageCache() throws IOException {
    byte[] data = randomBytes(PartFileWriter.DIRECT_BLOCK + 70_000);
    Path part = freshPart("refused.part");
    FileChannel refusing = open(part);
    refusing.close(); // every write on it throws, as EINVAL from a file system that accepted O_DIRECT at open would
    ByteBuffer block = ByteBuffer.allocateDirect(PartFileWriter.DIRECT_BLOCK);

    long reported = 0;
    try (PartFileWriter writer = new PartFileWriter(open(part), refusing, block, 0, 4096)) {
      for (int off = 0; off < data.length; off += 1_000_000) {
        int n = Math.min(1_000_000, data.length - off);
        reported += writer.write(Arrays.copyOfRange(data, off, off + n), n, false);
      }
      reported += writer.writeRest();
      writer.force();
    }

    assertThat(reported).isEqualTo(data.length);
    assertThat(Files.readAllBytes(part)).isEqualTo(data);
  }

  private static Path freshPart(String name) throws IOException {
    Files.createDirectories(DIR);
    Path part = DIR.resolve(name);
    Files.deleteIfExists(part);
    return part;
  }

  private static FileChannel open(Path part) throws IOException {
    return FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }
}
