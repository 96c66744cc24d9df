package io.sdnest.downloader.model;

/** What a download is: the model itself or its preview image. */
public enum Kind {
  MODEL, PREVIEW
}
