package org.yizhan.config;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.transport.Transport;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which network I/O Vert.x runs on: Linux epoll (the default where it loads), Linux io_uring
 * (submits a loop's reads and writes to the kernel together, fewer system calls per message), or
 * Java NIO. A transport that cannot load here falls back to the next one, and the log says why.
 */
public enum NetTransport {
  EPOLL,
  IO_URING,
  NIO;

  private static final Logger LOG = LoggerFactory.getLogger(NetTransport.class);
  private static final String CQ_SIZE = "io.netty.iouring.cqSize";

  /** Completions one event loop can have waiting: above its share of 10,000 busy connections. */
  private static final int COMPLETION_QUEUE_ENTRIES = 65_536;

  /** Reads {@code epoll}, {@code io_uring} or {@code nio}; blank means the default (epoll). */
  public static NetTransport parse(String s) {
    if (s == null || s.isBlank()) {
      return EPOLL;
    }
    return switch (s.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "epoll" -> EPOLL;
      case "io_uring", "iouring" -> IO_URING;
      case "nio" -> NIO;
      default ->
          throw new IllegalArgumentException(
              "net transport must be epoll, io_uring or nio, not " + s);
    };
  }

  /** Starts Vert.x on this transport, or on the best one that loads, and logs which it got. */
  public Vertx start(VertxOptions options, String who) {
    return start(options, who, b -> b);
  }

  /**
   * As {@link #start(VertxOptions, String)}, with the builder adjusted last (the metrics factory).
   */
  public Vertx start(
      VertxOptions options,
      String who,
      java.util.function.UnaryOperator<io.vertx.core.VertxBuilder> adjust) {
    if (this == IO_URING && System.getProperty(CQ_SIZE) == null) {
      // Netty's default completion queue (4,096 entries) overflowed in the simulator with
      // thousands of connections on one loop; at 65,536 it did not (the server's still did, see
      // docs/decisions.md). Netty reads this before its io_uring classes load, so set it first.
      System.setProperty(CQ_SIZE, String.valueOf(COMPLETION_QUEUE_ENTRIES));
    }
    Transport chosen = Transport.NIO;
    String why = "";
    for (Transport t : preference()) {
      if (t.available()) {
        chosen = t;
        break;
      }
      why += " (" + t.name() + " unavailable: " + t.unavailabilityCause() + ")";
    }
    LOG.info("{}: network I/O on {}{}", who, chosen.name(), why);
    return adjust.apply(Vertx.builder().with(options).withTransport(chosen)).build();
  }

  /** The name of the transport a running Vert.x uses, as in its log line: epoll, io_uring, nio. */
  public static String inUse(Vertx vertx) {
    String impl = ((VertxInternal) vertx).transport().getClass().getSimpleName();
    return impl.startsWith("IoUring") ? "io_uring" : impl.startsWith("Epoll") ? "epoll" : "nio";
  }

  private Transport[] preference() {
    return switch (this) {
      case IO_URING -> new Transport[] {Transport.IO_URING, Transport.EPOLL};
      case EPOLL -> new Transport[] {Transport.EPOLL};
      case NIO -> new Transport[] {};
    };
  }
}
