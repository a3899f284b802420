package org.communal.core.bench;

import java.util.Arrays;
import java.util.Optional;
import org.communal.core.CommunalCore;
import org.communal.core.NewUser;
import org.communal.core.Users;
import org.communal.testing.TestPostgres;

/**
 * Does a wrong password take as long as an unknown username? If not, response times tell an
 * attacker which accounts exist. Interleaves both kinds of attempt against a real PostgreSQL so
 * that they share the machine's noise, and prints medians and spread. A benchmark, not a test:
 *
 * <pre>./mvnw -B -q -pl plugin/core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.communal.core.bench.SignInTiming [-Dexec.args=400]</pre>
 */
public final class SignInTiming {
  private SignInTiming() {}

  public static void main(String[] args) {
    int tries = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Users users = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource()).users();
    users.create(new NewUser("existing", "", Optional.empty(), false,
        Optional.of("the right password")));
    for (int i = 0; i < 10; i++) { // warm up the JIT and the connection pool
      users.checkPassword("existing", "wrong");
      users.checkPassword("nobody", "wrong");
    }
    long[] wrongPassword = new long[tries];
    long[] unknownUser = new long[tries];
    for (int i = 0; i < tries; i++) {
      wrongPassword[i] = time(() -> users.checkPassword("existing", "a wrong password"));
      unknownUser[i] = time(() -> users.checkPassword("nobody-" + tries, "a wrong password"));
    }
    report("wrong password", wrongPassword);
    report("unknown user  ", unknownUser);
    System.out.printf("median ratio (unknown / wrong): %.3f%n",
        percentile(unknownUser, 50) / percentile(wrongPassword, 50));
    System.exit(0);
  }

  private static long time(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return System.nanoTime() - start;
  }

  private static void report(String what, long[] nanos) {
    System.out.printf("%s: n=%d median %.1f ms, p10 %.1f ms, p90 %.1f ms%n", what, nanos.length,
        percentile(nanos, 50), percentile(nanos, 10), percentile(nanos, 90));
  }

  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
  }
}
