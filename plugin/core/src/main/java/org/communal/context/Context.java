package org.communal.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A node in a tree of owned resources, after Samba's talloc: closing a context closes its
 * children first (newest first, each subtree completely), then runs its own destructors (last
 * registered first). Every HTTP request and review session is one.
 *
 * <p><b>Failures.</b> Destructors never veto and never stop the cascade; every failure is recorded
 * with the context's path and thrown once, after everything was closed, as a {@link
 * ContextCloseException} (an {@link Error} is rethrown as itself, the failures suppressed).
 *
 * <p><b>Cancel is not close.</b> {@link #cancel} asks work in flight to stop: cancel hooks run
 * parent first and children are born cancelled; resources stay until close. Closing cancels the
 * subtree first, which is when a hook may rescue a child with {@link #moveTo}.
 *
 * <p><b>Re-entrancy.</b> Closing a context that this thread is already closing (a destructor
 * closing itself or an ancestor mid-close) returns {@link CloseResult.AlreadyClosing} at once;
 * closing an open ancestor from a destructor returns {@link CloseResult.Deferred} and happens
 * right after the current close; a context being closed takes no new children, resources or
 * leases.
 *
 * <p><b>Threads.</b> Every method is thread-safe. Structural changes are serialized per tree;
 * destructors and hooks never run under a lock. Destructors run on the closing thread, or on the
 * thread that releases a zombie's last lease, at most once. {@link #close()} waits for leases held
 * by other threads, up to its timeout.
 */
public final class Context {
  /** How long {@link #close()} waits for leases before leaving a zombie. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final AtomicLong IDS = new AtomicLong();
  private static final VarHandle LEASES;
  private static final VarHandle EXTRAS;
  private static final ThreadLocal<Deque<Context>> CLOSING = ThreadLocal.withInitial(ArrayDeque::new);
  private static final ThreadLocal<List<Context>> DEFERRED = ThreadLocal.withInitial(ArrayList::new);

  static {
    try {
      LEASES = MethodHandles.lookup().findVarHandle(Context.class, "leases", int.class);
      EXTRAS = MethodHandles.lookup().findVarHandle(Context.class, "extras", Extras.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A tree's lock and size; moves between trees hand nodes from one to the other. */
  static final class Tree {
    private static final AtomicLong TREE_IDS = new AtomicLong();
    final long id = TREE_IDS.incrementAndGet();
    final ReentrantLock lock = new ReentrantLock();
    private volatile long blocks;

    long blocks() {
      return blocks;
    }
  }

  /** Fields most contexts never use, allocated on first use: a context stays small. */
  private static final class Extras {
    /** Only roots and deadline contexts need an id (for the registry). */
    long id;
    Throwable createdAt;
    volatile Object attachment;
    ArrayList<CancelHook> cancelHooks;
    ArrayList<Holder> holders;
    Instant deadline;
    Runnable unregister;
    Limits limits;
    long limitedBlocks;
    long limitedWeight;
    Context limitedUp;
  }

  private final String name;
  private final long weight;
  private final long createdNanos = System.nanoTime();
  private volatile Tree tree;
  private volatile Context parent;
  private volatile State state = State.OPEN;
  private volatile CancellationCause cancelled;
  private volatile int leases;
  /** Set by a thread about to wait for this context; finishing notifies only then. */
  private volatile boolean awaited;
  private ArrayList<Context> children;
  /** Null, one Runnable, or an ArrayList of them: the onClose destructors. */
  private Object destructors;
  /** The resource handed over with own(), destroyed after every onClose destructor. */
  private Object resource;
  private Destructor<Object> resourceDestructor;
  private Thread closingThread;
  private Context limited;
  private volatile Extras extras;

  private Context(String name, long weight, Context parent, Tree tree) {
    this.name = Objects.requireNonNull(name, "name");
    this.weight = weight;
    this.parent = parent;
    this.tree = tree;
    if (ContextRegistry.leakDetection().compareTo(LeakDetectionLevel.ADVANCED) >= 0) {
      extras().createdAt = new Throwable("created here");
    }
  }

  // ---------------------------------------------------------------- creating

  /** A new root context, reported by {@link ContextRegistry} until closed. */
  public static Context root(String name) {
    Tree tree = new Tree();
    Context root = new Context(name, 0, null, tree);
    root.extras().id = IDS.incrementAndGet();
    tree.blocks = 1;
    root.extras().unregister = ContextRegistry.registerRoot(root, tree, root.createdAt());
    return root;
  }

  /**
   * A new child context.
   *
   * @throws ContextClosedException if this context is closing or closed
   * @throws LimitExceededException if an ancestor's limits would be exceeded
   */
  public Context child(String name) {
    return newChild(name, 0, null, null);
  }

  /**
   * Hands a resource to a new child context that destroys it when closed. If this context is
   * closing or closed, or a limit would be exceeded, the resource is destroyed at once and the
   * failure thrown.
   *
   * @param weight what the resource weighs for limits and reports (for example bytes)
   */
  public <T> Owned<T> own(String name, T resource, long weight, Destructor<? super T> destructor) {
    Objects.requireNonNull(destructor, "destructor");
    Context holder;
    try {
      holder = newChild(name, weight, resource, destructor);
    } catch (RuntimeException refused) {
      destroyRefused(resource, destructor, refused);
      throw refused;
    }
    return new Owned<>(resource, holder);
  }

  /** {@link #own(String, Object, long, Destructor)} with weight 0. */
  public <T> Owned<T> own(String name, T resource, Destructor<? super T> destructor) {
    return own(name, resource, 0, destructor);
  }

  /** {@link #own(String, Object, long, Destructor)} for a closeable resource. */
  public <T extends AutoCloseable> Owned<T> own(String name, T resource) {
    return own(name, resource, 0, AutoCloseable::close);
  }

  /**
   * Builds something in a fresh child: if {@code work} throws, the child and whatever was built
   * in it are closed (whatever state they reached) and the exception propagates with any close
   * failures suppressed; otherwise the child stays.
   */
  public static <T> T build(Context parent, String name, Function<Context, T> work) {
    Context scratch = parent.child(name);
    try {
      return work.apply(scratch);
    } catch (RuntimeException | Error e) {
      try {
        scratch.close();
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  /** A child cancelled with {@code deadlineExceeded()} once {@code timeout} has passed. */
  public Context withTimeout(String name, Duration timeout) {
    return withDeadline(name, ContextRegistry.clock().instant().plus(timeout));
  }

  /** A child cancelled with {@code deadlineExceeded()} at {@code at}, by the registry's clock. */
  public Context withDeadline(String name, Instant at) {
    Context c = child(name);
    c.extras().id = IDS.incrementAndGet();
    c.extras().deadline = at;
    ContextRegistry.addDeadline(c, at);
    return c;
  }

  /** The destructor, if any, is in place before the child is visible, so no close can miss it. */
  @SuppressWarnings("unchecked")
  private Context newChild(String childName, long childWeight, Object res,
      Destructor<?> destructor) {
    if (childWeight < 0) {
      throw new IllegalArgumentException("weight must be 0 or more, was " + childWeight);
    }
    Tree t = lockTree();
    try {
      requireOpen();
      checkLimits(limited, null, 1, childWeight);
      Context c = new Context(childName, childWeight, this, t);
      c.cancelled = cancelled;
      c.limited = limited;
      c.resource = res;
      c.resourceDestructor = (Destructor<Object>) destructor;
      addToLimits(limited, null, 1, childWeight);
      t.blocks++;
      childrenForAdd().add(c);
      return c;
    } finally {
      t.lock.unlock();
    }
  }

  // ---------------------------------------------------------------- destructors and hooks

  /**
   * Registers a destructor of this context itself; they run last registered first, after the
   * children closed.
   *
   * @throws ContextClosedException if the context is closing or closed
   */
  public void onClose(Destructor<? super Context> destructor) {
    addDestructor(() -> destroyUnchecked(destructor, this));
  }

  /**
   * Registers a cancel hook; on a context already cancelled it runs at once, on this thread.
   *
   * @throws ContextClosedException if the context is closed
   */
  public void onCancel(CancelHook hook) {
    Objects.requireNonNull(hook, "hook");
    CancellationCause already;
    Tree t = lockTree();
    try {
      if (state == State.CLOSED) {
        throw new ContextClosedException(path(), state);
      }
      already = cancelled;
      if (already == null) {
        Extras x = extras();
        if (x.cancelHooks == null) {
          x.cancelHooks = new ArrayList<>(2);
        }
        x.cancelHooks.add(hook);
      }
    } finally {
      t.lock.unlock();
    }
    if (already != null) {
      runHook(hook, already);
    }
  }

  private void addDestructor(Runnable destructor) {
    Tree t = lockTree();
    try {
      requireOpen();
      destructors = withAdded(destructors, destructor);
    } finally {
      t.lock.unlock();
    }
  }

  // ---------------------------------------------------------------- cancel

  /**
   * Cancels this context and its subtree: hooks run parent first, outside locks.
   *
   * @return false if it was already cancelled
   * @throws ContextCloseException listing the hooks that failed (all hooks still ran)
   */
  public boolean cancel(CancellationCause cause) {
    Objects.requireNonNull(cause, "cause");
    List<ContextCloseException.Failure> failures = new ArrayList<>();
    boolean first = cancelSubtree(cause, failures);
    if (!failures.isEmpty()) {
      throw new ContextCloseException(path(), failures, List.of());
    }
    return first;
  }

  /** Whether this context was cancelled, or its deadline passed. */
  public boolean isCancelled() {
    return cancellation().isPresent();
  }

  /** Why this context was cancelled, if it was. */
  public Optional<CancellationCause> cancellation() {
    Instant deadline = deadline();
    if (cancelled == null && deadline != null && !ContextRegistry.clock().instant()
        .isBefore(deadline)) {
      cancel(CancellationCause.deadlineExceeded());
    }
    return Optional.ofNullable(cancelled);
  }

  /**
   * Stops work that should stop.
   *
   * @throws ContextCancelledException if this context was cancelled
   */
  public void throwIfCancelled() {
    Optional<CancellationCause> cause = cancellation();
    if (cause.isPresent()) {
      throw new ContextCancelledException(path(), cause.get());
    }
  }

  private boolean cancelSubtree(CancellationCause cause,
      List<ContextCloseException.Failure> failures) {
    List<Context> nodes = new ArrayList<>();
    List<CancelHook> hooks = new ArrayList<>();
    Tree t = lockTree();
    try {
      if (cancelled != null) {
        return false;
      }
      Deque<Context> stack = new ArrayDeque<>();
      stack.push(this);
      while (!stack.isEmpty()) {
        Context n = stack.pop();
        for (Context child : n.childrenList()) {
          stack.push(child); // the newest is popped first: hooks run parent first
        }
        if (n.cancelled == null) {
          n.cancelled = cause;
          Extras x = n.extras;
          if (x != null && x.cancelHooks != null) {
            for (CancelHook h : x.cancelHooks) {
              nodes.add(n);
              hooks.add(h);
            }
            x.cancelHooks = null;
          }
        }
      }
    } finally {
      t.lock.unlock();
    }
    for (int i = 0; i < hooks.size(); i++) {
      try {
        hooks.get(i).cancelled(cause);
      } catch (Throwable e) {
        failures.add(new ContextCloseException.Failure(nodes.get(i).path(), e));
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- close

  /**
   * Closes with {@link #DEFAULT_CLOSE_TIMEOUT} for leases. (Context is not {@link AutoCloseable}
   * on purpose: the result says whether this call destroyed anything; use {@link #build} for
   * scoped work.)
   */
  public CloseResult close() {
    return close(DEFAULT_CLOSE_TIMEOUT);
  }

  /**
   * Closes this context: cancels the subtree, then closes children newest first, each subtree
   * completely, then runs this context's destructors last registered first.
   *
   * @param leaseTimeout how long to wait, in all, for leases held by other threads; a context
   *     whose lease outlives it becomes a zombie and finishes when the lease is released
   * @return what this call did
   * @throws ContextCloseException listing every failure, after everything was closed
   */
  public CloseResult close(Duration leaseTimeout) {
    Optional<CloseResult> early = beginClose();
    if (early.isPresent()) {
      return early.get();
    }
    List<ContextCloseException.Failure> failures = new ArrayList<>();
    List<ContextCloseException.LeaseTimeout> timeouts = new ArrayList<>();
    Deque<Context> closing = CLOSING.get();
    closing.push(this);
    try {
      cancelSubtree(CancellationCause.closed(), failures);
      long until = System.nanoTime() + leaseTimeout.toNanos();
      for (Context n : markSubtreeClosing()) {
        n.destroy(until, failures, timeouts);
      }
    } finally {
      closing.pop();
    }
    if (closing.isEmpty()) {
      runDeferred(failures, timeouts);
    }
    throwIfFailed(failures, timeouts);
    return CloseResult.CLOSED;
  }

  /**
   * Closes every child (newest first) but keeps this context open, with its name, destructors,
   * hooks and limits.
   *
   * @throws ContextCloseException listing every failure, after all children closed
   */
  public void closeChildren() {
    List<ContextCloseException.Failure> failures = new ArrayList<>();
    List<ContextCloseException.LeaseTimeout> timeouts = new ArrayList<>();
    for (Context c : children()) {
      try {
        c.close();
      } catch (ContextCloseException e) {
        failures.addAll(e.failures());
        timeouts.addAll(e.leaseTimeouts());
      }
    }
    throwIfFailed(failures, timeouts);
  }

  private Optional<CloseResult> beginClose() {
    Tree t = lockTree();
    try {
      switch (state) {
        case CLOSED:
          return Optional.of(CloseResult.ALREADY_CLOSED);
        case CLOSING:
        case ZOMBIE:
          if (closingThread == Thread.currentThread() || isAncestorOfCurrentClose()) {
            // Waiting for an ancestor whose close waits for us would deadlock: return at once.
            return Optional.of(CloseResult.ALREADY_CLOSING);
          }
          break;
        default:
          if (isAncestorOfCurrentClose()) {
            DEFERRED.get().add(this);
            return Optional.of(CloseResult.DEFERRED);
          }
          state = State.CLOSING;
          closingThread = Thread.currentThread();
          return Optional.empty();
      }
    } finally {
      t.lock.unlock();
    }
    awaitClosedByOtherThread();
    return Optional.of(CloseResult.ALREADY_CLOSING);
  }

  private boolean isAncestorOfCurrentClose() {
    Context current = CLOSING.get().peek();
    for (Context c = current == null ? null : current.parent; c != null; c = c.parent) {
      if (c == this) {
        return true;
      }
    }
    return false;
  }

  private synchronized void awaitClosedByOtherThread() {
    awaited = true;
    boolean interrupted = false;
    while (state == State.CLOSING) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Marks the whole subtree closing and returns it in destruction order. */
  private List<Context> markSubtreeClosing() {
    Tree t = lockTree();
    try {
      List<Context> order = postOrder();
      for (Context n : order) {
        if (n.state == State.OPEN) {
          n.state = State.CLOSING;
          n.closingThread = Thread.currentThread();
        }
      }
      return order;
    } finally {
      t.lock.unlock();
    }
  }

  private void destroy(long until, List<ContextCloseException.Failure> failures,
      List<ContextCloseException.LeaseTimeout> timeouts) {
    if (state == State.CLOSING && closingThread != Thread.currentThread()) {
      // Another thread closes this child: children close before their parent, so wait.
      awaitClosedByOtherThread();
      return;
    }
    if (state != State.CLOSING) {
      return; // moved away, or already closed
    }
    if (!awaitLeases(until)) {
      becomeZombie(timeouts);
      return;
    }
    runDestructors(failures);
    finish();
  }

  private void runDestructors(List<ContextCloseException.Failure> failures) {
    Object steps;
    Object res;
    Destructor<Object> resDestructor;
    Tree t = lockTree();
    try {
      steps = destructors;
      res = resource;
      resDestructor = resourceDestructor;
      destructors = null;
      resource = null;
      resourceDestructor = null;
    } finally {
      t.lock.unlock();
    }
    if (steps instanceof Runnable single) {
      runStep(single, failures);
    } else if (steps != null) {
      List<Runnable> list = asList(steps);
      for (int i = list.size() - 1; i >= 0; i--) {
        runStep(list.get(i), failures);
      }
    }
    if (resDestructor != null) {
      try {
        resDestructor.destroy(res);
      } catch (Throwable e) {
        failures.add(new ContextCloseException.Failure(path(), e));
      }
    }
  }

  private void runStep(Runnable step, List<ContextCloseException.Failure> failures) {
    try {
      step.run();
    } catch (Throwable e) {
      failures.add(new ContextCloseException.Failure(path(), unwrap(e)));
    }
  }

  /** Marks this context closed and takes it out of its parent, its limits and its tree. */
  private void finish() {
    Tree t = lockTree();
    try {
      state = State.CLOSED;
      Context p = parent;
      if (p != null) {
        p.removeChild(this);
      }
      addToLimits(limited == this ? extras.limitedUp : limited, null, -1, -weight);
      t.blocks--;
      Instant deadline = deadline();
      if (deadline != null) {
        ContextRegistry.removeDeadline(this, deadline);
      }
    } finally {
      t.lock.unlock();
    }
    if (parent == null) {
      unregisterRoot();
    }
    // notifyAll would inflate every context's monitor; only a waiter's needs it.
    if (awaited) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  private void unregisterRoot() {
    Extras x = extras;
    Runnable r = x == null ? null : x.unregister;
    if (x != null) {
      x.unregister = null;
    }
    if (r != null) {
      r.run();
    }
  }

  private void runDeferred(List<ContextCloseException.Failure> failures,
      List<ContextCloseException.LeaseTimeout> timeouts) {
    List<Context> deferred = DEFERRED.get();
    while (!deferred.isEmpty()) {
      Context next = deferred.remove(0);
      try {
        next.close();
      } catch (ContextCloseException e) {
        failures.addAll(e.failures());
        timeouts.addAll(e.leaseTimeouts());
      }
    }
  }

  private void throwIfFailed(List<ContextCloseException.Failure> failures,
      List<ContextCloseException.LeaseTimeout> timeouts) {
    if (failures.isEmpty() && timeouts.isEmpty()) {
      return;
    }
    ContextCloseException e = new ContextCloseException(path(), failures, timeouts);
    for (ContextCloseException.Failure f : failures) {
      if (f.error() instanceof Error error) {
        error.addSuppressed(e);
        throw error;
      }
    }
    throw e;
  }

  // ---------------------------------------------------------------- leases and zombies

  /** A holder of a lease, for reports of leases that outlived a close. */
  private record Holder(Thread thread, Throwable acquiredAt) {}

  /**
   * Marks this context as in use by the calling thread until the lease is closed.
   *
   * @throws ContextClosedException if the context is closing or closed
   */
  public Lease acquire() {
    LEASES.getAndAdd(this, 1);
    if (state != State.OPEN) {
      release();
      throw new ContextClosedException(path(), state);
    }
    Holder holder = new Holder(Thread.currentThread(),
        createdAt() != null ? new Throwable("lease acquired here") : null);
    synchronized (this) {
      Extras x = extras();
      if (x.holders == null) {
        x.holders = new ArrayList<>(1);
      }
      x.holders.add(holder);
    }
    return new Lease() {
      private boolean released;

      @Override
      public void close() {
        synchronized (Context.this) {
          if (released) {
            return;
          }
          released = true;
          extras.holders.remove(holder);
        }
        release();
      }
    };
  }

  int leaseCount() {
    return leases;
  }

  private void release() {
    int left = (int) LEASES.getAndAdd(this, -1) - 1;
    if (left == 0 && state == State.ZOMBIE) {
      finishZombie();
    } else {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  private boolean awaitLeases(long until) {
    if (leases == 0) {
      return true;
    }
    synchronized (this) {
      while (leases > 0) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private void becomeZombie(List<ContextCloseException.LeaseTimeout> timeouts) {
    synchronized (this) {
      state = State.ZOMBIE;
      Extras x = extras;
      for (Holder h : x == null || x.holders == null ? List.<Holder>of() : x.holders) {
        timeouts.add(new ContextCloseException.LeaseTimeout(path(), h.thread().getName(),
            h.acquiredAt()));
      }
    }
    ContextRegistry.addZombie(this);
    if (leases == 0 && state == State.ZOMBIE) {
      finishZombie(); // the lease went away just as the timeout passed
    }
  }

  private void finishZombie() {
    synchronized (this) {
      if (state != State.ZOMBIE) {
        return;
      }
      state = State.CLOSING;
    }
    List<ContextCloseException.Failure> failures = new ArrayList<>();
    runDestructors(failures);
    finish();
    ContextRegistry.removeZombie(this);
    throwIfFailed(failures, List.of());
  }

  // ---------------------------------------------------------------- moving

  /**
   * Moves this context, with its subtree, under another parent, in the same tree or another one,
   * atomically (talloc's steal). A root that moves stops being a root.
   *
   * @throws IllegalArgumentException if the new parent is this context or one of its descendants
   * @throws ContextClosedException if this context or the new parent is closing or closed
   * @throws LimitExceededException if the new parent's limits cannot take the subtree; nothing
   *     moved
   */
  public void moveTo(Context newParent) {
    Objects.requireNonNull(newParent, "newParent");
    CancellationCause inherit;
    boolean wasRoot;
    while (true) {
      Tree mine = tree;
      Tree theirs = newParent.tree;
      Tree first = mine.id <= theirs.id ? mine : theirs;
      Tree second = first == mine ? theirs : mine;
      first.lock.lock();
      second.lock.lock();
      try {
        if (tree != mine || newParent.tree != theirs) {
          continue; // a concurrent move changed the trees; take the new ones
        }
        wasRoot = parent == null;
        inherit = moveLocked(newParent, mine, theirs);
        break;
      } finally {
        second.lock.unlock();
        first.lock.unlock();
      }
    }
    if (wasRoot) {
      unregisterRoot();
    }
    if (inherit != null) {
      cancel(inherit);
    }
  }

  private CancellationCause moveLocked(Context newParent, Tree from, Tree to) {
    requireOpen();
    newParent.requireOpen();
    for (Context c = newParent; c != null; c = c.parent) {
      if (c == this) {
        throw new IllegalArgumentException("Cannot move " + path() + " under " + newParent.path()
            + ": that is itself or one of its own descendants.");
      }
    }
    List<Context> subtree = preOrder();
    long blocks = subtree.size();
    long subtreeWeight = subtree.stream().mapToLong(c -> c.weight).sum();
    Set<Context> oldChain = chain(parent == null ? null : parent.limited);
    Set<Context> newChain = chain(newParent.limited);
    checkLimits(newParent.limited, oldChain, blocks, subtreeWeight);
    addToLimits(parent == null ? null : parent.limited, newChain, -blocks, -subtreeWeight);
    addToLimits(newParent.limited, oldChain, blocks, subtreeWeight);
    relink(newParent, subtree, oldChain, from, to);
    return newParent.cancelled != null && cancelled == null ? newParent.cancelled : null;
  }

  private void relink(Context newParent, List<Context> subtree, Set<Context> oldChain, Tree from,
      Tree to) {
    if (parent != null) {
      parent.removeChild(this);
    }
    parent = newParent;
    newParent.childrenForAdd().add(this);
    Context newLimited = newParent.limited;
    for (Context c : subtree) {
      if (c.limited == null || oldChain.contains(c.limited)) {
        c.limited = newLimited;
      }
      Extras cx = c.extras;
      if (cx != null && cx.limits != null
          && (cx.limitedUp == null || oldChain.contains(cx.limitedUp))) {
        cx.limitedUp = newLimited;
      }
      c.tree = to;
    }
    if (from != to) {
      from.blocks -= subtree.size();
      to.blocks += subtree.size();
    }
  }

  // ---------------------------------------------------------------- limits

  /**
   * Limits this subtree; creations and moves that would exceed it fail.
   *
   * @throws LimitExceededException if the subtree already holds more
   */
  public void setLimits(Limits newLimits) {
    Objects.requireNonNull(newLimits, "limits");
    Tree t = lockTree();
    try {
      List<Context> subtree = preOrder();
      long w = subtree.stream().mapToLong(c -> c.weight).sum();
      if (subtree.size() > newLimits.maxBlocks() || w > newLimits.maxWeight()) {
        throw new LimitExceededException(path() + " already holds " + subtree.size()
            + " contexts and weight " + w + ", more than " + newLimits);
      }
      Extras x = extras();
      if (x.limits == null) {
        Context above = limited;
        x.limitedUp = above;
        for (Context c : subtree) {
          if (c.limited == above) {
            c.limited = this;
          }
          if (c != this && c.extras != null && c.extras.limits != null
              && c.extras.limitedUp == above) {
            c.extras.limitedUp = this;
          }
        }
      }
      x.limits = newLimits;
      x.limitedBlocks = subtree.size();
      x.limitedWeight = w;
    } finally {
      t.lock.unlock();
    }
  }

  private static Set<Context> chain(Context from) {
    Set<Context> chain = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Context l = from; l != null; l = l.extras.limitedUp) {
      chain.add(l);
    }
    return chain;
  }

  private static void checkLimits(Context from, Set<Context> skip, long blocks, long w) {
    for (Context l = from; l != null; l = l.extras.limitedUp) {
      if (skip != null && skip.contains(l)) {
        continue;
      }
      Extras x = l.extras;
      if (x.limitedBlocks + blocks > x.limits.maxBlocks()
          || x.limitedWeight + w > x.limits.maxWeight()) {
        throw new LimitExceededException("Adding " + blocks + " context(s) of weight " + w
            + " under " + l.path() + " would exceed its " + x.limits + " (it holds "
            + x.limitedBlocks + " contexts, weight " + x.limitedWeight + ").");
      }
    }
  }

  private static void addToLimits(Context from, Set<Context> skip, long blocks, long w) {
    for (Context l = from; l != null; l = l.extras.limitedUp) {
      if (skip == null || !skip.contains(l)) {
        l.extras.limitedBlocks += blocks;
        l.extras.limitedWeight += w;
      }
    }
  }

  // ---------------------------------------------------------------- introspection

  long id() {
    Extras x = extras;
    return x == null ? 0 : x.id;
  }

  private Extras extras() {
    Extras x = extras;
    if (x == null) {
      EXTRAS.compareAndSet(this, null, new Extras());
      x = extras;
    }
    return x;
  }

  private Throwable createdAt() {
    Extras x = extras;
    return x == null ? null : x.createdAt;
  }

  private Instant deadline() {
    Extras x = extras;
    return x == null ? null : x.deadline;
  }

  public String name() {
    return name;
  }

  /** The names from the root down to this context, joined by {@code /}. */
  public String path() {
    StringBuilder b = new StringBuilder();
    for (Context c = this; c != null; c = c.parent) {
      b.insert(0, c.name).insert(0, '/');
    }
    return b.toString();
  }

  public State state() {
    return state;
  }

  /** The parent, or empty for a root. */
  public Optional<Context> parent() {
    return Optional.ofNullable(parent);
  }

  /** A snapshot of the children, newest first. */
  public List<Context> children() {
    Tree t = lockTree();
    try {
      List<Context> snapshot = new ArrayList<>(children == null ? List.of() : children);
      Collections.reverse(snapshot);
      return snapshot;
    } finally {
      t.lock.unlock();
    }
  }

  /** How many contexts this subtree holds, this one included; zero-weight ones count too. */
  public long totalBlocks() {
    Tree t = lockTree();
    try {
      return preOrder().size();
    } finally {
      t.lock.unlock();
    }
  }

  /** The total weight of this subtree. */
  public long totalWeight() {
    Tree t = lockTree();
    try {
      return preOrder().stream().mapToLong(c -> c.weight).sum();
    } finally {
      t.lock.unlock();
    }
  }

  /** This context's own weight. */
  public long weight() {
    return weight;
  }

  /** How long ago this context was created. */
  public Duration age() {
    return Duration.ofNanos(System.nanoTime() - createdNanos);
  }

  /** Where this context was created ({@code File.java:line}), at ADVANCED leak detection. */
  public Optional<String> creationSite() {
    Throwable createdAt = createdAt();
    if (createdAt == null) {
      return Optional.empty();
    }
    for (StackTraceElement e : createdAt.getStackTrace()) {
      if (!isLibraryFrame(e.getClassName())) {
        return Optional.of(e.getFileName() + ":" + e.getLineNumber());
      }
    }
    return Optional.empty();
  }

  private static boolean isLibraryFrame(String className) {
    return className.equals(Context.class.getName())
        || className.startsWith(Context.class.getName() + "$")
        || className.equals(Owned.class.getName());
  }

  /** Attaches one object (a review session, say) for descendants to find. */
  public void attach(Object value) {
    extras().attachment = value;
  }

  /** The nearest attachment of this type on this context or an ancestor. */
  public <T> Optional<T> findAncestorAttachment(Class<T> type) {
    for (Context c = this; c != null; c = c.parent) {
      Object a = c.extras == null ? null : c.extras.attachment;
      if (type.isInstance(a)) {
        return Optional.of(type.cast(a));
      }
    }
    return Optional.empty();
  }

  /** A talloc-style report of this subtree, newest child first. */
  public String reportFull() {
    return ContextReport.of(this);
  }

  /** The subtree as it is now, taken under the tree's lock. */
  public ContextSnapshot snapshot() {
    Tree t = lockTree();
    try {
      return snapshotLocked();
    } finally {
      t.lock.unlock();
    }
  }

  /** Built bottom-up without recursion, so that a very deep tree cannot overflow the stack. */
  private ContextSnapshot snapshotLocked() {
    IdentityHashMap<Context, ContextSnapshot> built = new IdentityHashMap<>();
    for (Context c : postOrder()) {
      List<ContextSnapshot> kids = new ArrayList<>();
      long blocks = 1;
      long total = c.weight;
      List<Context> list = c.childrenList();
      for (int i = list.size() - 1; i >= 0; i--) {
        ContextSnapshot k = built.remove(list.get(i));
        kids.add(k);
        blocks += k.blocks();
        total += k.totalWeight();
      }
      built.put(c, new ContextSnapshot(c.name, c.path(), c.state, c.weight, total, blocks,
          c.age(), Optional.ofNullable(c.cancelled).map(CancellationCause::reason),
          c.creationSite(), kids));
    }
    return built.get(this);
  }

  @Override
  public String toString() {
    return "Context[" + path() + ", " + state + "]";
  }

  // ---------------------------------------------------------------- internals

  private Tree lockTree() {
    while (true) {
      Tree t = tree;
      t.lock.lock();
      if (tree == t) {
        return t;
      }
      t.lock.unlock();
    }
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new ContextClosedException(path(), state);
    }
  }

  private List<Context> childrenList() {
    return children == null ? List.of() : children;
  }

  @SuppressWarnings("unchecked")
  private static Object withAdded(Object destructors, Runnable added) {
    if (destructors == null) {
      return added;
    }
    ArrayList<Runnable> list;
    if (destructors instanceof Runnable single) {
      list = new ArrayList<>(2);
      list.add(single);
    } else {
      list = (ArrayList<Runnable>) destructors;
    }
    list.add(added);
    return list;
  }

  @SuppressWarnings("unchecked")
  private static List<Runnable> asList(Object destructors) {
    if (destructors == null) {
      return List.of();
    }
    return destructors instanceof Runnable single ? List.of(single)
        : (List<Runnable>) destructors;
  }

  /** Searches from the newest end: closes go newest first, so this is usually one step. */
  private void removeChild(Context child) {
    if (children != null) {
      for (int i = children.size() - 1; i >= 0; i--) {
        if (children.get(i) == child) {
          children.remove(i);
          return;
        }
      }
    }
  }

  private ArrayList<Context> childrenForAdd() {
    if (children == null) {
      children = new ArrayList<>(2);
    }
    return children;
  }

  /** Pre-order, newest child first. Call with the tree lock held. */
  private List<Context> preOrder() {
    return walk(true);
  }

  /** Post-order, newest child first: the order of destruction. Call with the lock held. */
  private List<Context> postOrder() {
    List<Context> out = walk(false); // parents first, oldest child first...
    Collections.reverse(out); // ...reversed: children first, newest first
    return out;
  }

  /** Parents before their children, visiting children newest or oldest first; no recursion. */
  private List<Context> walk(boolean newestFirst) {
    List<Context> out = new ArrayList<>();
    Deque<Context> stack = new ArrayDeque<>();
    stack.push(this);
    while (!stack.isEmpty()) {
      Context c = stack.pop();
      out.add(c);
      List<Context> kids = c.childrenList();
      for (int i = 0; i < kids.size(); i++) {
        // The stack pops the last pushed first.
        stack.push(kids.get(newestFirst ? i : kids.size() - 1 - i));
      }
    }
    return out;
  }

  private static <T> void destroyRefused(T resource, Destructor<? super T> d, RuntimeException e) {
    try {
      d.destroy(resource);
    } catch (Exception failure) {
      e.addSuppressed(failure);
    }
  }

  private static <T> void destroyUnchecked(Destructor<? super T> d, T resource) {
    try {
      d.destroy(resource);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new WrappedCheckedException(e);
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof WrappedCheckedException w ? w.getCause() : e;
  }

  private void runHook(CancelHook hook, CancellationCause cause) {
    try {
      hook.cancelled(cause);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new ContextCloseException(path(), List.of(new ContextCloseException.Failure(path(), e)),
          List.of());
    }
  }

  /** Carries a destructor's checked exception through a Runnable. */
  private static final class WrappedCheckedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrappedCheckedException(Exception cause) {
      super(cause);
    }
  }
}
