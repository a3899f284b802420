package org.communal.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}),
 * so that the cost can be raised later without invalidating stored hashes. Thread-safe.
 */
public final class Passwords {
  /**
   * Memory cost in KiB. 32 MiB with 2 passes is above OWASP's minimum (19 MiB, 2 passes) and
   * costs about 100 ms on a 2-core build machine once warm (see the SignInTiming benchmark).
   */
  static final int MEMORY_KIB = 32 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A hash of a password nobody knows, checked when a username is unknown so that it costs the same. */
  private static final String DUMMY = hash("no account has this password " + RANDOM.nextLong());

  private Passwords() {}

  /** Hashes a password with a fresh salt. */
  public static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] h = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
        + B64.encodeToString(salt) + "$" + B64.encodeToString(h);
  }

  /**
   * Whether the password matches the stored hash. A null hash (unknown user, or an account without
   * a password) costs the same as a real check and never matches.
   */
  public static boolean verify(String password, String storedHash) {
    Matcher m = PHC.matcher(storedHash == null ? DUMMY : storedHash);
    if (!m.matches()) {
      m = PHC.matcher(DUMMY);
      m.matches();
      storedHash = null;
    }
    byte[] salt = B64D.decode(m.group(4));
    byte[] expected = B64D.decode(m.group(5));
    byte[] actual = derive(password, salt, Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    return MessageDigest.isEqual(expected, actual) && storedHash != null;
  }

  private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations,
      int parallelism) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memoryKib)
        .withIterations(iterations).withParallelism(parallelism).withSalt(salt).build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[HASH_BYTES];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
