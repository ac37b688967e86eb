package org.yizhan.warning;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The test CAP document (test resource warning/cap-taiyuan.xml) with its period filled in. */
public final class CapSamples {

  private CapSamples() {}

  /** The document with every alert effective and expiring at these CAP times. */
  public static byte[] sample(String effective, String expires) throws Exception {
    try (InputStream in = CapSamples.class.getResourceAsStream("/warning/cap-taiyuan.xml")) {
      String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return xml.replace("EFFECTIVE_HEAT", effective)
          .replace("EXPIRES_HEAT", expires)
          .getBytes(StandardCharsets.UTF_8);
    }
  }
}
