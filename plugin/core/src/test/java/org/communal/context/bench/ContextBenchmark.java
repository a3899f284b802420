package org.communal.context.bench;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.communal.context.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Building and closing context trees: create, own one resource per node, close. Each result is
 * the time for a whole tree; divide by {@code nodes} for the cost per node. The baseline builds
 * the same number of plain closeable objects and closes them in reverse, as try-with-resources
 * would, in the same run.
 *
 * <pre>./mvnw -B -q -pl plugin/core test-compile exec:exec -Dexec.executable=java \
 *     -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath org.openjdk.jmh.Main ContextBenchmark -prof gc"</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ContextBenchmark {
  @Param({"1", "10", "1000", "100000"})
  public int nodes;

  /** A resource with a close method, as a pooled connection or a temporary file would have. */
  static final class Resource implements AutoCloseable {
    int closed;

    @Override
    public void close() {
      closed++;
    }
  }

  @Benchmark
  public void baselineTryWithResources(Blackhole bh) {
    ArrayDeque<Resource> open = new ArrayDeque<>(nodes);
    for (int i = 0; i < nodes; i++) {
      open.push(new Resource());
    }
    while (!open.isEmpty()) {
      Resource r = open.pop();
      r.close();
      bh.consume(r);
    }
  }

  @Benchmark
  public void flatTree(Blackhole bh) {
    Context root = Context.root("bench");
    for (int i = 0; i < nodes - 1; i++) {
      root.own("r", new Resource(), Resource::close);
    }
    bh.consume(root.close());
  }

  @Benchmark
  public void deepTree(Blackhole bh) {
    Context root = Context.root("bench");
    Context at = root;
    for (int i = 0; i < nodes - 1; i++) {
      at = at.own("r", new Resource(), Resource::close).context();
    }
    bh.consume(root.close());
  }

  @Benchmark
  @Threads(2)
  public void flatTreeTwoThreads(Blackhole bh) {
    flatTree(bh);
  }

  @Benchmark
  @Threads(2)
  public void baselineTwoThreads(Blackhole bh) {
    baselineTryWithResources(bh);
  }
}
