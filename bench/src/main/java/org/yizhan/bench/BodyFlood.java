package org.yizhan.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Posts large JSON bodies to one URL path from several threads, back to back, as an anonymous
 * client would to flood a server: no {@code Expect: 100-continue}, the body written in 64 KiB
 * chunks, and (like curl) the sending stopped as soon as the server has answered. One in-memory
 * body is shared by all threads, so the flood itself costs little CPU and the figures measure the
 * server. Prints one {@code FLOOD_RESULT} line with the count of each answer.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.yizhan.bench.BodyFlood HOST PORT PATH CLIENTS MIB
 * SECONDS}
 */
public final class BodyFlood {

  private static final int CHUNK = 64 * 1024;

  private final String host;
  private final int port;
  private final byte[] head;
  private final byte[] body;
  private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
  private final AtomicLong totalNanos = new AtomicLong();
  private final LongAdder bytesSent = new LongAdder();

  private BodyFlood(String host, int port, String path, int mib) {
    this.host = host;
    this.port = port;
    String prefix = "{\"username\":\"admin\",\"password\":\"";
    String suffix = "\"}";
    body = new byte[mib * 1024 * 1024];
    java.util.Arrays.fill(body, (byte) 'x');
    System.arraycopy(prefix.getBytes(StandardCharsets.US_ASCII), 0, body, 0, prefix.length());
    System.arraycopy(
        suffix.getBytes(StandardCharsets.US_ASCII), 0, body, body.length - 2, suffix.length());
    head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + ":"
                + port
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: BodyFlood HOST PORT PATH CLIENTS MIB SECONDS");
      System.exit(2);
    }
    BodyFlood f =
        new BodyFlood(args[0], Integer.parseInt(args[1]), args[2], Integer.parseInt(args[4]));
    int clients = Integer.parseInt(args[3]);
    long until = System.nanoTime() + Long.parseLong(args[5]) * 1_000_000_000L;
    Thread[] threads = new Thread[clients];
    for (int i = 0; i < clients; i++) {
      threads[i] = new Thread(() -> f.loop(until), "flood-" + i);
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long n = f.answers.values().stream().mapToLong(LongAdder::sum).sum();
    StringBuilder sb = new StringBuilder("FLOOD_RESULT requests=").append(n);
    f.answers.forEach((k, v) -> sb.append(" status_").append(k).append('=').append(v.sum()));
    sb.append(String.format(" mean_s=%.3f", n == 0 ? 0 : f.totalNanos.get() / 1e9 / n));
    sb.append(String.format(" sent_mib=%.0f", f.bytesSent.sum() / 1048576.0));
    System.out.println(sb);
  }

  private void loop(long until) {
    while (System.nanoTime() < until) {
      long t0 = System.nanoTime();
      String answer;
      try {
        answer = once();
      } catch (IOException e) {
        answer = "reset";
      }
      totalNanos.addAndGet(System.nanoTime() - t0);
      answers.computeIfAbsent(answer, k -> new LongAdder()).increment();
    }
  }

  /** One request; the status code of the answer. */
  private String once() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 5_000);
      s.setSoTimeout(120_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(head);
      for (int off = 0; off < body.length && in.available() == 0; off += CHUNK) {
        int len = Math.min(CHUNK, body.length - off);
        out.write(body, off, len);
        bytesSent.add(len);
      }
      out.flush();
      byte[] status = new byte[12];
      int got = 0;
      while (got < status.length) {
        int r = in.read(status, got, status.length - got);
        if (r < 0) {
          return "closed";
        }
        got += r;
      }
      return new String(status, 9, 3, StandardCharsets.US_ASCII);
    }
  }
}
