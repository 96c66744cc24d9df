package io.sdnest.inference.engine.image;

import java.util.List;

/** A1111 {@code images.image_grid}: the images in rows on a black background, each cell the first image's size. */
public final class ImageGrid {

  private ImageGrid() {
  }

  /**
   * The number of rows A1111 picks: option {@code n_rows} when > 0, the batch size when 0, else (-1) the rounded square
   * root, or with {@code grid_prevent_empty_spots} the largest divisor of the count not above its square root.
   */
  public static int rows(int count, int batchSize, int nRows, boolean preventEmptySpots) {
    int rows;
    if (nRows > 0) {
      rows = nRows;
    } else if (nRows == 0) {
      rows = batchSize;
    } else if (preventEmptySpots) {
      rows = (int) Math.floor(Math.sqrt(count));
      while (count % rows != 0) {
        rows--;
      }
    } else {
      rows = (int) Math.round(Math.sqrt(count));
    }
    return Math.max(1, Math.min(rows, count));
  }

  public static Bitmap of(List<Bitmap> images, int rows) {
    int cols = (images.size() + rows - 1) / rows;
    int w = images.get(0).width();
    int h = images.get(0).height();
    Bitmap grid = Bitmap.blank(cols * w, rows * h, 3);
    for (int i = 0; i < images.size(); i++) {
      grid.paste(PilModes.toRgb(images.get(i)), i % cols * w, i / cols * h);
    }
    return grid;
  }
}
