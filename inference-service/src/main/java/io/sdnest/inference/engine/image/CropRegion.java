package io.sdnest.inference.engine.image;

/** A rectangle {@code [x1, x2) x [y1, y2)} in pixels, as A1111's crop regions are. */
public record CropRegion(int x1, int y1, int x2, int y2) {

  public int width() {
    return x2 - x1;
  }

  public int height() {
    return y2 - y1;
  }
}
