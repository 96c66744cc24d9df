package io.sdnest.inference.engine.tokenizer;

import java.nio.file.Path;

/** One line of a merge table: two symbols separated by a single space. */
final class MergeLine {

  private MergeLine() {
  }

  static String[] split(String line, Path file) {
    int space = line.indexOf(' ');
    if (space <= 0 || space == line.length() - 1 || line.indexOf(' ', space + 1) >= 0) {
      throw new IllegalArgumentException("bad merge line in " + file + ": '" + line + "'");
    }
    return new String[] {line.substring(0, space), line.substring(space + 1)};
  }
}
