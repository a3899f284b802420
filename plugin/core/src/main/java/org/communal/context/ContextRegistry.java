package org.communal.context;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The process-wide view of every live context tree: "do you know where your resources are?"
 * Holds roots weakly, so that an unclosed root that became unreachable can be reported (at {@link
 * LeakDetectionLevel#SIMPLE} and above) instead of leaking silently. Thread-safe.
 */
public final class ContextRegistry {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final Map<Long, WeakReference<Context>> ROOTS = new ConcurrentHashMap<>();
  private static final Set<Context> ZOMBIES = ConcurrentHashMap.newKeySet();
  private static final List<Consumer<LeakReport>> LISTENERS = new CopyOnWriteArrayList<>();
  private static final ConcurrentSkipListMap<Deadline, Context> DEADLINES =
      new ConcurrentSkipListMap<>();
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "context-deadlines");
        t.setDaemon(true);
        return t;
      });
  private static volatile LeakDetectionLevel level = LeakDetectionLevel.SIMPLE;
  private static volatile Clock clock = Clock.systemUTC();

  private ContextRegistry() {}

  /** How hard to look for leaks. Default: SIMPLE. */
  public static void setLeakDetection(LeakDetectionLevel newLevel) {
    level = Objects.requireNonNull(newLevel, "level");
  }

  public static LeakDetectionLevel leakDetection() {
    return level;
  }

  /** The clock for deadlines and ages; tests set a movable one. Default: the system clock. */
  public static void setClock(Clock newClock) {
    clock = Objects.requireNonNull(newClock, "clock");
  }

  public static Clock clock() {
    return clock;
  }

  /** Every root context that is still open, oldest first. */
  public static List<Context> liveRoots() {
    return ROOTS.values().stream().map(WeakReference::get).filter(Objects::nonNull)
        .sorted(Comparator.comparingLong(Context::id)).toList();
  }

  /** Contexts whose destruction waits for a lease released late. */
  public static List<Context> zombies() {
    return ZOMBIES.stream().sorted(Comparator.comparingLong(Context::id)).toList();
  }

  /** Every live tree as it is now, oldest root first, and every zombie. */
  public static List<ContextSnapshot> snapshot() {
    List<ContextSnapshot> all = new ArrayList<>();
    liveRoots().forEach(r -> all.add(r.snapshot()));
    zombies().forEach(z -> all.add(z.snapshot()));
    return all;
  }

  /** A talloc-style report of every live tree and every zombie. */
  public static String reportFull() {
    StringBuilder out = new StringBuilder();
    liveRoots().forEach(r -> out.append(r.reportFull()));
    zombies().forEach(z -> out.append("zombie ").append(z.path()).append(" (")
        .append(z.leaseCount()).append(" lease(s) held)\n"));
    return out.toString();
  }

  /**
   * For tests: fails when any context tree is still open or any zombie waits.
   *
   * @throws AssertionError naming each, with its creation site when known, and the full report
   */
  public static void assertNoLeaks() {
    List<Context> roots = liveRoots();
    List<Context> zombies = zombies();
    if (!roots.isEmpty() || !zombies.isEmpty()) {
      throw new AssertionError("Contexts were left open: " + roots.stream()
          .map(r -> r.name() + r.creationSite().map(s -> " created at " + s).orElse(""))
          .collect(Collectors.joining(", ")) + (zombies.isEmpty() ? "" : "; zombies: "
          + zombies.stream().map(Context::path).collect(Collectors.joining(", ")))
          + "\n" + reportFull());
    }
  }

  /** Calls {@code listener} for every leaked root found; close the registration to stop. */
  public static AutoCloseable onLeak(Consumer<LeakReport> listener) {
    LISTENERS.add(listener);
    return () -> LISTENERS.remove(listener);
  }

  /**
   * Cancels every context whose deadline has passed by the registry's clock, and returns how many.
   * A timer calls this on time with the system clock; with another clock, call it after moving
   * the clock.
   */
  public static int checkDeadlines() {
    Instant now = clock.instant();
    int fired = 0;
    for (Map.Entry<Deadline, Context> e : DEADLINES.headMap(new Deadline(now, Long.MAX_VALUE),
        true).entrySet()) {
      if (DEADLINES.remove(e.getKey()) != null) {
        e.getValue().cancel(CancellationCause.deadlineExceeded());
        fired++;
      }
    }
    return fired;
  }

  // ---- package-private bookkeeping used by Context ----

  private record Deadline(Instant at, long id) implements Comparable<Deadline> {
    @Override
    public int compareTo(Deadline o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(id, o.id);
    }
  }

  /** What the garbage-collection backstop knows of a root, without keeping it reachable. */
  static final class LeakState implements Runnable {
    private final long id;
    private final String name;
    private final Context.Tree tree;
    private final Throwable createdAt;
    volatile boolean done;

    LeakState(long id, String name, Context.Tree tree, Throwable createdAt) {
      this.id = id;
      this.name = name;
      this.tree = tree;
      this.createdAt = createdAt;
    }

    @Override
    public void run() {
      ROOTS.remove(id);
      if (!done) {
        LeakReport report = new LeakReport(name, tree.blocks(), createdAt);
        LISTENERS.forEach(l -> l.accept(report));
      }
    }
  }

  /**
   * Registers a root; the returned action unregisters it (at close, or when it moves under
   * another context), after which no leak is reported for it.
   */
  static Runnable registerRoot(Context root, Context.Tree tree, Throwable createdAt) {
    long id = root.id();
    ROOTS.put(id, new WeakReference<>(root));
    if (level == LeakDetectionLevel.DISABLED) {
      return () -> ROOTS.remove(id);
    }
    LeakState state = new LeakState(id, root.name(), tree, createdAt);
    Cleaner.Cleanable cleanable = CLEANER.register(root, state);
    return () -> {
      state.done = true;
      cleanable.clean();
    };
  }

  static void addZombie(Context c) {
    ZOMBIES.add(c);
  }

  static void removeZombie(Context c) {
    ZOMBIES.remove(c);
  }

  static void addDeadline(Context c, Instant at) {
    DEADLINES.put(new Deadline(at, c.id()), c);
    long delay = Duration.between(Clock.systemUTC().instant(), at).toMillis();
    TIMER.schedule(ContextRegistry::checkDeadlines, Math.max(0, delay) + 1, TimeUnit.MILLISECONDS);
  }

  static void removeDeadline(Context c, Instant at) {
    DEADLINES.remove(new Deadline(at, c.id()));
  }

}
