package org.yizhan.ingest.internal;

import io.vertx.core.Context;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on one Vert.x event-loop context, many submissions to one hop. The reading writer
 * completes thousands of PUBACKs per committed batch; handing each to its event loop with its own
 * {@code runOnContext} costs a task and a wake-up of the loop apiece, which under load took more
 * CPU than sending the PUBACKs. Here a batch's completions for one loop cost one hop.
 */
final class CoalescingExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(CoalescingExecutor.class);
  private static final String KEY = CoalescingExecutor.class.getName();

  private final Context context;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  private CoalescingExecutor(Context context) {
    this.context = context;
  }

  /** The executor of the given context; call on that context's own thread. */
  static CoalescingExecutor of(Context context) {
    CoalescingExecutor e = context.get(KEY);
    if (e == null) {
      e = new CoalescingExecutor(context);
      context.put(KEY, e);
    }
    return e;
  }

  /** Runs the task on the context, after tasks submitted before it. Any thread. */
  void execute(Runnable task) {
    tasks.add(task);
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    // Cleared before polling: a task added from here on either is polled below or schedules
    // another drain.
    scheduled.set(false);
    Runnable task;
    while ((task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("task on event loop failed", e);
      }
    }
  }
}
