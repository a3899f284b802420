package org.communal.webhooks.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The {@code X-Communal-Signature} of a delivery's body. Not API. */
public final class Signatures {
  /** What the header's value starts with, naming the algorithm. */
  public static final String PREFIX = "sha256=";

  private Signatures() {}

  /**
   * {@code sha256=} and the hex HMAC-SHA256 of the exact body bytes, keyed with the secret's
   * UTF-8 bytes.
   */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every Java runtime provides HmacSHA256", e);
    }
  }
}
