package org.yizhan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * Diagnostic, not a benchmark: the CPU cost of deflating one nearby response with the JDK's zlib at
 * compression levels 6 (the usual default of HTTP servers) and 1, reusing one {@link Deflater} (the
 * cheapest case: no per-response set-up). Compare with the server's CPU time per gzip request in
 * run-diag.sh.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.yizhan.bench.DeflateCost RESPONSE_FILE}
 */
public final class DeflateCost {

  private DeflateCost() {}

  public static void main(String[] args) throws IOException {
    byte[] in = Files.readAllBytes(Path.of(args[0]));
    byte[] out = new byte[in.length * 2 + 64];
    int iterations = 20_000;
    for (int round = 0; round < 3; round++) {
      for (int level : new int[] {6, 1}) {
        Deflater d = new Deflater(level, true);
        int n = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
          d.reset();
          d.setInput(in);
          d.finish();
          n = d.deflate(out);
        }
        double us = (System.nanoTime() - t0) / 1e3 / iterations;
        d.end();
        if (round == 2) { // the first two rounds warm up
          System.out.printf(
              Locale.ROOT,
              "deflate level %d: %d -> %d bytes, %.1f us per response%n",
              level,
              in.length,
              n,
              us);
        }
      }
    }
  }
}
