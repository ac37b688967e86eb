package org.yizhan.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Running parts in the order they were started, closed in reverse: what was started last (and may
 * use the earlier parts) stops first. Every part is closed even when one fails; the first failure
 * is thrown with the later ones attached as suppressed.
 */
public final class CloseStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CloseStack.class);

  private record Part(String name, AutoCloseable closeable) {}

  private final Deque<Part> parts = new ArrayDeque<>();

  /** Adds a started part, to be closed before every part added earlier; returns it. */
  public synchronized <T extends AutoCloseable> T push(String name, T part) {
    parts.push(new Part(name, part));
    return part;
  }

  /** How many parts are still to close. */
  public synchronized int size() {
    return parts.size();
  }

  /** Closes every part, newest first; a second call finds nothing left to close. */
  @Override
  public void close() throws Exception {
    Throwable first = null;
    while (true) {
      Part p;
      synchronized (this) {
        p = parts.poll();
      }
      if (p == null) {
        break;
      }
      try {
        LOG.debug("shutdown: closing {}", p.name());
        p.closeable().close();
      } catch (Exception | Error e) {
        LOG.warn("shutdown: closing {} failed: {}", p.name(), e.toString());
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first instanceof Error e) {
      throw e;
    }
    if (first != null) {
      throw (Exception) first;
    }
  }
}
