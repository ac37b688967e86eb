package org.yizhan.api;

import io.vertx.core.buffer.Buffer;

/**
 * The UTF-8 byte-order mark an export may start with ({@code ?bom=true}): Excel on Chinese Windows
 * reads a CSV file without it in the local code page (GBK), which garbles every Chinese name.
 * Import skips it, so a file round-trips either way.
 */
final class CsvBom {

  /** Asks for the mark on a CSV export. */
  static final String PARAM = "bom";

  private static final byte[] MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private CsvBom() {}

  /** {@code csv}, preceded by the mark when {@code bom}. */
  static Buffer of(boolean bom, Buffer csv) {
    return bom
        ? Buffer.buffer(csv.length() + MARK.length).appendBytes(MARK).appendBuffer(csv)
        : csv;
  }
}
