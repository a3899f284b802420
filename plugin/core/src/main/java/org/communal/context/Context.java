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
  private static final VarHandle EXTRAS;
  private static final ThreadLocal<Deque<Context>> CLOSING = ThreadLocal.withInitial(ArrayDeque::new);
  private static final ThreadLocal<List<Context>> DEFERRED = ThreadLocal.withInitial(ArrayList::new);

  static {
    try {
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

  /*
   * Layout. A context is 64 bytes with compressed references: children form an intrusive list
   * (talloc's layout: the newest child, and each child's older and younger siblings), so adding
   * and removing a child allocates nothing and a close walks the tree without building lists;
   * fields that most contexts never use live in Extras, allocated on first use.
   */

  private final String name;
  private final long createdNanos = System.nanoTime();
  private volatile Tree tree;
  private volatile Context parent;
  /**
   * A {@link State} other than CLOSING, or, while closing, the {@link Thread} that closes it (so
   * that a close can tell its own work from another thread's without another field).
   */
  private volatile Object state = State.OPEN;
  private volatile CancellationCause cancelled;
  /** The newest child; guarded by the tree's lock, like the two sibling links. */
  private Context youngest;
  private Context older;
  private Context younger;
  /** Null, one destructor, or an ArrayList of them; a destructor is a Runnable or an Owned. */
  private Object destructors;
  /** The nearest context at or above this one that has limits, or null. */
  private Context limited;
  private volatile Extras extras;

  private Context(String name, Context parent, Tree tree) {
    this.name = Objects.requireNonNull(name, "name");
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
    Context root = new Context(name, null, tree);
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
    return adopt(new Context(name, this, null), 0);
  }

  /**
   * Hands a resource to a new child context that destroys it when closed. If this context is
   * closing or closed, or a limit would be exceeded, the resource is destroyed at once and the
   * failure thrown.
   *
   * @param weight what the resource weighs for limits and reports (for example bytes)
   */
  public <T> Owned<T> own(String name, T resource, long weight, Destructor<? super T> destructor) {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(destructor, "destructor");
    try {
      Context holder = new Context(name, this, null);
      Owned<T> owned = new Owned<>(resource, destructor, holder);
      holder.destructors = owned;
      adopt(holder, weight);
      return owned;
    } catch (RuntimeException refused) {
      destroyRefused(resource, destructor, refused);
      throw refused;
    }
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

  /**
   * Links a new context in as the newest child. It is built outside the lock, with its resource
   * in place before it is visible, so that no close can miss it.
   */
  private Context adopt(Context c, long childWeight) {
    if (childWeight < 0) {
      throw new IllegalArgumentException("weight must be 0 or more, was " + childWeight);
    }
    if (childWeight > 0) {
      c.extras().weight = childWeight;
    }
    Tree t = lockTree();
    try {
      requireOpen();
      checkLimits(limited, null, 1, childWeight);
      c.tree = t;
      c.cancelled = cancelled;
      c.limited = limited;
      addToLimits(limited, null, 1, childWeight);
      t.blocks++;
      link(c);
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
    Objects.requireNonNull(destructor, "destructor");
    Runnable step = () -> destroyUnchecked(destructor, this);
    Tree t = lockTree();
    try {
      requireOpen();
      destructors = withAdded(destructors, step);
    } finally {
      t.lock.unlock();
    }
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
        throw new ContextClosedException(path(), State.CLOSED);
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

  // ---------------------------------------------------------------- cancel

  /**
   * Cancels this context and its subtree: hooks run parent first, outside locks.
   *
   * @return false if it was already cancelled
   * @throws ContextCloseException listing the hooks that failed (all hooks still ran)
   */
  public boolean cancel(CancellationCause cause) {
    Objects.requireNonNull(cause, "cause");
    CloseOutcome outcome = new CloseOutcome();
    boolean first = cancelSubtree(cause, outcome);
    outcome.throwIfFailed(path());
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

  /** Marks the subtree cancelled under the lock, then runs the hooks found, parent first. */
  private boolean cancelSubtree(CancellationCause cause, CloseOutcome outcome) {
    List<Object> hooks = null; // pairs: the context, then one of its hooks
    Tree t = lockTree();
    try {
      if (cancelled != null) {
        return false;
      }
      for (Context n = this; n != null; n = n.nextInSubtree(this)) {
        if (n.cancelled == null) {
          n.cancelled = cause;
          hooks = n.takeCancelHooks(hooks);
        }
      }
    } finally {
      t.lock.unlock();
    }
    for (int i = 0; hooks != null && i < hooks.size(); i += 2) {
      try {
        ((CancelHook) hooks.get(i + 1)).cancelled(cause);
      } catch (Throwable e) {
        outcome.fail(((Context) hooks.get(i)).path(), e);
      }
    }
    return true;
  }

  private List<Object> takeCancelHooks(List<Object> into) {
    Extras x = extras;
    if (x == null || x.cancelHooks == null) {
      return into;
    }
    List<Object> out = into == null ? new ArrayList<>() : into;
    for (CancelHook h : x.cancelHooks) {
      out.add(this);
      out.add(h);
    }
    x.cancelHooks = null;
    return out;
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
    CloseResult early = beginClose();
    if (early != null) {
      return early;
    }
    CloseOutcome outcome = new CloseOutcome();
    Deque<Context> closing = CLOSING.get();
    closing.push(this);
    try {
      cancelSubtree(CancellationCause.closed(), outcome);
      markSubtreeClosing();
      destroySubtree(System.nanoTime() + leaseTimeout.toNanos(), outcome);
    } finally {
      closing.pop();
    }
    if (closing.isEmpty()) {
      runDeferred(outcome);
    }
    outcome.throwIfFailed(path());
    return CloseResult.CLOSED;
  }

  /**
   * Closes every child (newest first) but keeps this context open, with its name, destructors,
   * hooks and limits.
   *
   * @throws ContextCloseException listing every failure, after all children closed
   */
  public void closeChildren() {
    CloseOutcome outcome = new CloseOutcome();
    for (Context c : children()) {
      try {
        c.close();
      } catch (ContextCloseException e) {
        outcome.addAll(e);
      }
    }
    outcome.throwIfFailed(path());
  }

  /** Null when this call is to close the context; otherwise what to answer at once. */
  private CloseResult beginClose() {
    Thread me = Thread.currentThread();
    Tree t = lockTree();
    try {
      Object s = state;
      if (s == State.CLOSED) {
        return CloseResult.ALREADY_CLOSED;
      }
      if (s == State.OPEN) {
        if (isAncestorOfCurrentClose()) {
          DEFERRED.get().add(this);
          return CloseResult.DEFERRED;
        }
        state = me;
        return null;
      }
      if (s == me || isAncestorOfCurrentClose()) {
        // Waiting for an ancestor whose close waits for us would deadlock: return at once.
        return CloseResult.ALREADY_CLOSING;
      }
    } finally {
      t.lock.unlock();
    }
    awaitClosedByOtherThread();
    return CloseResult.ALREADY_CLOSING;
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

  private void awaitClosedByOtherThread() {
    extras().awaited = true;
    boolean interrupted = false;
    synchronized (this) {
      while (state instanceof Thread) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Marks the subtree as closed by this thread, so that it takes nothing new. A part that another
   * thread is closing, or a zombie, stays theirs.
   */
  private void markSubtreeClosing() {
    Thread me = Thread.currentThread();
    Tree t = lockTree();
    try {
      Context n = this;
      while (n != null) {
        if (n == this || n.state == State.OPEN) {
          n.state = me;
          n = n.nextInSubtree(this);
        } else {
          n = n.nextSkippingChildren(this);
        }
      }
    } finally {
      t.lock.unlock();
    }
  }

  /**
   * Destroys the marked subtree children first, newest first, without building a list: each step
   * finishes one context and, under the same lock, finds the next one, the deepest newest
   * context left below the finished one's parent.
   */
  private void destroySubtree(long until, CloseOutcome outcome) {
    Thread me = Thread.currentThread();
    Context from = this;
    Context n = lockedDescend(from, me);
    while (true) {
      if (n.state != me) {
        // Another thread closes this child: children close before their parent, so wait.
        n.awaitClosedByOtherThread();
        n = lockedDescend(from, me);
        continue;
      }
      Context up = n == this ? null : n.parent;
      if (n.awaitLeases(until)) {
        n.runDestructors(outcome);
        n = n.finish(up, me);
      } else {
        n.becomeZombie(outcome);
        n = up == null ? null : lockedDescend(up, me);
      }
      if (n == null) {
        return;
      }
      from = up;
    }
  }

  private Context lockedDescend(Context from, Thread me) {
    Tree t = lockTree();
    try {
      return descend(from, me);
    } finally {
      t.lock.unlock();
    }
  }

  /**
   * The deepest newest context at or below {@code from} that this thread is to destroy next, or a
   * child another thread is closing (to wait for). Zombies are skipped: they finish on their own.
   * Call with the lock held.
   */
  private static Context descend(Context from, Thread me) {
    Context n = from;
    down:
    while (true) {
      for (Context c = n.youngest; c != null; c = c.older) {
        Object s = c.state;
        if (s == State.OPEN) {
          c.state = me; // marked contexts take no children, so this is defensive only
          s = me;
        }
        if (s == me) {
          n = c;
          continue down;
        }
        if (s instanceof Thread) {
          return c;
        }
      }
      return n;
    }
  }

  private void runDestructors(CloseOutcome outcome) {
    // No lock: once marked, a context takes no new destructors.
    Object steps = destructors;
    destructors = null;
    if (steps instanceof ArrayList<?> list) {
      for (int i = list.size() - 1; i >= 0; i--) {
        runStep(list.get(i), outcome);
      }
    } else if (steps != null) {
      runStep(steps, outcome);
    }
  }

  private void runStep(Object step, CloseOutcome outcome) {
    try {
      if (step instanceof Owned<?> owned) {
        owned.destroyResource();
      } else {
        ((Runnable) step).run();
      }
    } catch (Throwable e) {
      outcome.fail(path(), unwrap(e));
    }
  }

  /**
   * Marks this context closed and takes it out of its parent, its limits and its tree; then,
   * under the same lock, finds what {@code me} destroys next below {@code up}.
   *
   * @return the next context to destroy, or null if {@code up} is null
   */
  private Context finish(Context up, Thread me) {
    Context next = null;
    Tree t = lockTree();
    try {
      state = State.CLOSED;
      Context p = parent;
      if (p != null) {
        p.unlink(this);
      }
      Extras x = extras;
      addToLimits(limited == this ? x.limitedUp : limited, null, -1, -weight());
      t.blocks--;
      if (x != null && x.deadline != null) {
        ContextRegistry.removeDeadline(this, x.deadline);
      }
      if (up != null) {
        next = descend(up, me);
      }
    } finally {
      t.lock.unlock();
    }
    afterFinish();
    return next;
  }

  private void afterFinish() {
    Extras x = extras;
    if (x == null) {
      return;
    }
    if (parent == null) {
      unregisterRoot(x);
    }
    // notifyAll would inflate every context's monitor; only a waiter's needs it.
    if (x.awaited) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  private static void unregisterRoot(Extras x) {
    Runnable r = x.unregister;
    x.unregister = null;
    if (r != null) {
      r.run();
    }
  }

  private void runDeferred(CloseOutcome outcome) {
    List<Context> deferred = DEFERRED.get();
    while (!deferred.isEmpty()) {
      Context next = deferred.remove(0);
      try {
        next.close();
      } catch (ContextCloseException e) {
        outcome.addAll(e);
      }
    }
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
    Extras x = extras();
    Extras.LEASES.getAndAdd(x, 1);
    if (state != State.OPEN) {
      release(x);
      throw new ContextClosedException(path(), state());
    }
    Holder holder = new Holder(Thread.currentThread(),
        x.createdAt != null ? new Throwable("lease acquired here") : null);
    synchronized (this) {
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
          x.holders.remove(holder);
        }
        release(x);
      }
    };
  }

  int leaseCount() {
    Extras x = extras;
    return x == null ? 0 : x.leases;
  }

  private void release(Extras x) {
    int left = (int) Extras.LEASES.getAndAdd(x, -1) - 1;
    if (left == 0 && state == State.ZOMBIE) {
      finishZombie();
    } else {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  private boolean awaitLeases(long until) {
    if (leaseCount() == 0) {
      return true;
    }
    synchronized (this) {
      while (leaseCount() > 0) {
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

  private void becomeZombie(CloseOutcome outcome) {
    synchronized (this) {
      state = State.ZOMBIE;
      notifyAll(); // a close waiting for this one goes on: a zombie finishes on its own
      Extras x = extras;
      for (Holder h : x == null || x.holders == null ? List.<Holder>of() : x.holders) {
        outcome.leaseTimeout(path(), h.thread().getName(), h.acquiredAt());
      }
    }
    ContextRegistry.addZombie(this);
    if (leaseCount() == 0 && state == State.ZOMBIE) {
      finishZombie(); // the lease went away just as the timeout passed
    }
  }

  private void finishZombie() {
    synchronized (this) {
      if (state != State.ZOMBIE) {
        return;
      }
      state = Thread.currentThread();
    }
    CloseOutcome outcome = new CloseOutcome();
    runDestructors(outcome);
    finish(null, null);
    ContextRegistry.removeZombie(this);
    outcome.throwIfFailed(path());
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
      unregisterRoot(extras);
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
    long blocks = 0;
    long subtreeWeight = 0;
    for (Context c = this; c != null; c = c.nextInSubtree(this)) {
      blocks++;
      subtreeWeight += c.weight();
    }
    Set<Context> oldChain = chain(parent == null ? null : parent.limited);
    Set<Context> newChain = chain(newParent.limited);
    checkLimits(newParent.limited, oldChain, blocks, subtreeWeight);
    addToLimits(parent == null ? null : parent.limited, newChain, -blocks, -subtreeWeight);
    addToLimits(newParent.limited, oldChain, blocks, subtreeWeight);
    relink(newParent, oldChain, to);
    if (from != to) {
      from.blocks -= blocks;
      to.blocks += blocks;
    }
    return newParent.cancelled != null && cancelled == null ? newParent.cancelled : null;
  }

  private void relink(Context newParent, Set<Context> oldChain, Tree to) {
    if (parent != null) {
      parent.unlink(this);
    }
    parent = newParent;
    newParent.link(this);
    Context newLimited = newParent.limited;
    for (Context c = this; c != null; c = c.nextInSubtree(this)) {
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
      long blocks = 0;
      long w = 0;
      for (Context c = this; c != null; c = c.nextInSubtree(this)) {
        blocks++;
        w += c.weight();
      }
      if (blocks > newLimits.maxBlocks() || w > newLimits.maxWeight()) {
        throw new LimitExceededException(path() + " already holds " + blocks
            + " contexts and weight " + w + ", more than " + newLimits);
      }
      Extras x = extras();
      if (x.limits == null) {
        becomeLimited(x);
      }
      x.limits = newLimits;
      x.limitedBlocks = blocks;
      x.limitedWeight = w;
    } finally {
      t.lock.unlock();
    }
  }

  /** Puts this context between its subtree and the limits above it. */
  private void becomeLimited(Extras x) {
    Context above = limited;
    x.limitedUp = above;
    for (Context c = this; c != null; c = c.nextInSubtree(this)) {
      if (c.limited == above) {
        c.limited = this;
      }
      if (c != this && c.extras != null && c.extras.limits != null
          && c.extras.limitedUp == above) {
        c.extras.limitedUp = this;
      }
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
    Object s = state;
    return s instanceof State known ? known : State.CLOSING;
  }

  /** The parent, or empty for a root. */
  public Optional<Context> parent() {
    return Optional.ofNullable(parent);
  }

  /** A snapshot of the children, newest first. */
  public List<Context> children() {
    Tree t = lockTree();
    try {
      List<Context> snapshot = new ArrayList<>();
      for (Context c = youngest; c != null; c = c.older) {
        snapshot.add(c);
      }
      return snapshot;
    } finally {
      t.lock.unlock();
    }
  }

  /** How many contexts this subtree holds, this one included; zero-weight ones count too. */
  public long totalBlocks() {
    Tree t = lockTree();
    try {
      long blocks = 0;
      for (Context c = this; c != null; c = c.nextInSubtree(this)) {
        blocks++;
      }
      return blocks;
    } finally {
      t.lock.unlock();
    }
  }

  /** The total weight of this subtree. */
  public long totalWeight() {
    Tree t = lockTree();
    try {
      long w = 0;
      for (Context c = this; c != null; c = c.nextInSubtree(this)) {
        w += c.weight();
      }
      return w;
    } finally {
      t.lock.unlock();
    }
  }

  /** This context's own weight. */
  public long weight() {
    Extras x = extras;
    return x == null ? 0 : x.weight;
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
    List<Context> preOrder = new ArrayList<>();
    for (Context c = this; c != null; c = c.nextInSubtree(this)) {
      preOrder.add(c);
    }
    IdentityHashMap<Context, ContextSnapshot> built = new IdentityHashMap<>();
    for (int i = preOrder.size() - 1; i >= 0; i--) { // every child before its parent
      Context c = preOrder.get(i);
      List<ContextSnapshot> kids = new ArrayList<>();
      long blocks = 1;
      long total = c.weight();
      for (Context k = c.youngest; k != null; k = k.older) {
        ContextSnapshot s = built.remove(k);
        kids.add(s);
        blocks += s.blocks();
        total += s.totalWeight();
      }
      built.put(c, new ContextSnapshot(c.name, c.path(), c.state(), c.weight(), total, blocks,
          c.age(), Optional.ofNullable(c.cancelled).map(CancellationCause::reason),
          c.creationSite(), kids));
    }
    return built.get(this);
  }

  @Override
  public String toString() {
    return "Context[" + path() + ", " + state() + "]";
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
      throw new ContextClosedException(path(), state());
    }
  }

  /** Makes {@code c} the newest child. Call with the lock held. */
  private void link(Context c) {
    c.older = youngest;
    if (youngest != null) {
      youngest.younger = c;
    }
    youngest = c;
  }

  /** Takes {@code c} out of the children, in constant time. Call with the lock held. */
  private void unlink(Context c) {
    if (c.younger == null && youngest != c) {
      return; // not a child any more
    }
    if (c.younger != null) {
      c.younger.older = c.older;
    } else {
      youngest = c.older;
    }
    if (c.older != null) {
      c.older.younger = c.younger;
    }
    c.older = null;
    c.younger = null;
  }

  /**
   * The context after this one in a walk of {@code top}'s subtree that visits parents before their
   * children, newest child first; null at the end. Call with the lock held.
   */
  private Context nextInSubtree(Context top) {
    return youngest != null ? youngest : nextSkippingChildren(top);
  }

  /** {@link #nextInSubtree} without going below this context. */
  private Context nextSkippingChildren(Context top) {
    for (Context n = this; n != top; n = n.parent) {
      if (n.older != null) {
        return n.older;
      }
    }
    return null;
  }

  private static Object withAdded(Object destructors, Runnable added) {
    if (destructors == null) {
      return added;
    }
    if (destructors instanceof ArrayList<?> existing) {
      @SuppressWarnings("unchecked")
      ArrayList<Object> list = (ArrayList<Object>) existing;
      list.add(added);
      return list;
    }
    ArrayList<Object> list = new ArrayList<>(2);
    list.add(destructors);
    list.add(added);
    return list;
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
      CloseOutcome outcome = new CloseOutcome();
      outcome.fail(path(), e);
      outcome.throwIfFailed(path());
    }
  }

  /** Fields most contexts never use, allocated on first use: a context stays small. */
  private static final class Extras {
    static final VarHandle LEASES;

    static {
      try {
        LEASES = MethodHandles.lookup().findVarHandle(Extras.class, "leases", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    /** Only roots and deadline contexts need an id (for the registry). */
    long id;
    long weight;
    Throwable createdAt;
    volatile Object attachment;
    volatile int leases;
    /** Set by a thread about to wait for this context; finishing notifies only then. */
    volatile boolean awaited;
    ArrayList<CancelHook> cancelHooks;
    ArrayList<Holder> holders;
    Instant deadline;
    Runnable unregister;
    Limits limits;
    long limitedBlocks;
    long limitedWeight;
    Context limitedUp;
  }

  /** Carries a destructor's checked exception through a Runnable. */
  private static final class WrappedCheckedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrappedCheckedException(Exception cause) {
      super(cause);
    }
  }
}
