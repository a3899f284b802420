package org.communal.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Random sequences of create / own / move / cancel / close, split over two threads, must keep the
 * tree's invariants: every destructor runs exactly once, no open context sits under a closed one,
 * and the root counts exactly the contexts that are still open. jqwik shrinks a failing sequence
 * to a small one.
 */
class ContextPropertiesTest {
  /** One operation: what, on which known context, with which other one. */
  record Op(int kind, int target, int other) {}

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 5),
        Arbitraries.integers().between(0, 63), Arbitraries.integers().between(0, 63))
        .as(Op::new);
    return op.list().ofMinSize(1).ofMaxSize(120);
  }

  @AfterProperty
  void noLeaks() {
    ContextRegistry.assertNoLeaks();
  }

  @Property(tries = 500)
  void randomOperationsOnTwoThreadsKeepTheInvariants(@ForAll("operations") List<Op> ops)
      throws Exception {
    Context root = Context.root("property");
    List<Context> known = Collections.synchronizedList(new ArrayList<>(List.of(root)));
    Map<Integer, AtomicInteger> destroyed = new ConcurrentHashMap<>();
    AtomicInteger resources = new AtomicInteger();
    CyclicBarrier start = new CyclicBarrier(2);
    List<Op> first = ops.subList(0, ops.size() / 2);
    List<Op> second = ops.subList(ops.size() / 2, ops.size());
    Thread other = new Thread(() -> run(start, second, known, destroyed, resources));
    other.start();
    run(start, first, known, destroyed, resources);
    other.join(TimeUnit.SECONDS.toMillis(30));

    assertNoOpenContextUnderAClosedOne(known);
    long open = known.stream().filter(c -> c.state() == State.OPEN).count();
    assertThat(root.totalBlocks()).isEqualTo(open);
    try {
      root.close();
    } catch (ContextCloseException e) {
      throw new AssertionError("no destructor here throws, yet the close failed", e);
    }
    assertThat(known).allMatch(c -> c.state() == State.CLOSED);
    assertThat(destroyed).hasSize(resources.get());
    assertThat(destroyed.values()).allMatch(n -> n.get() == 1);
  }

  private static void run(CyclicBarrier start, List<Op> ops, List<Context> known,
      Map<Integer, AtomicInteger> destroyed, AtomicInteger resources) {
    try {
      start.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    for (Op op : ops) {
      apply(op, known, destroyed, resources);
    }
  }

  private static void apply(Op op, List<Context> known, Map<Integer, AtomicInteger> destroyed,
      AtomicInteger resources) {
    Context target = pick(known, op.target());
    Context other = pick(known, op.other());
    try {
      switch (op.kind()) {
        case 0 -> known.add(target.child("c"));
        case 1 -> {
          int id = resources.incrementAndGet();
          destroyed.put(id, new AtomicInteger());
          known.add(target.own("r" + id, id, r -> destroyed.get(r).incrementAndGet()).context());
        }
        case 2 -> target.moveTo(other);
        case 3 -> target.cancel(CancellationCause.of("property"));
        case 4 -> {
          if (target.parent().isPresent()) {
            target.close();
          }
        }
        default -> target.acquire().close();
      }
    } catch (ContextClosedException | IllegalArgumentException e) {
      // Refused: a closing context, or a move into its own subtree. Nothing changed.
    }
  }

  private static Context pick(List<Context> known, int index) {
    synchronized (known) {
      return known.get(index % known.size());
    }
  }

  private static void assertNoOpenContextUnderAClosedOne(List<Context> known) {
    synchronized (known) {
      for (Context c : known) {
        if (c.state() == State.OPEN) {
          for (Context up = c.parent().orElse(null); up != null; up = up.parent().orElse(null)) {
            assertThat(up.state()).as("ancestor %s of open %s", up, c).isEqualTo(State.OPEN);
          }
        }
      }
    }
  }
}
