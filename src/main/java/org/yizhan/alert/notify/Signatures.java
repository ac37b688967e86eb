package org.yizhan.alert.notify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC-SHA256 signatures receivers check: DingTalk's "加签" and our generic header. */
final class Signatures {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Signatures() {}

  /**
   * DingTalk's sign parameter: Base64 of HmacSHA256(key = secret, data = {@code timestamp + "\n" +
   * secret}), URL-encoded, ready to append to the robot URL.
   */
  static String dingTalk(String secret, long timestampMillis) {
    byte[] mac =
        hmacSha256(
            secret.getBytes(StandardCharsets.UTF_8),
            (timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
    return URLEncoder.encode(Base64.getEncoder().encodeToString(mac), StandardCharsets.UTF_8);
  }

  /** The {@code X-Yizhan-Signature} header value for a generic body: {@code sha256=<hex>}. */
  static String generic(String secret, byte[] body) {
    return "sha256=" + hex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  static byte[] hmacSha256(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }
}
