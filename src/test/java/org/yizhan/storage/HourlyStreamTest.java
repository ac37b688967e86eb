package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyOut;

/**
 * The binary COPY reader on streams written here by the format's rules, cut into messages at random
 * places (the server sends one per row today; nothing in the format promises it). {@code
 * UseFromRollupsIT} reads real ones from both stores.
 */
class HourlyStreamTest {

  record Row(String station, long hour, double occ, double temp) {}

  @Test
  void readsEveryRowWhereverTheMessagesSplit() throws Exception {
    Random random = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      // 1,500 distinct ids: the name table grows past its first size twice.
      String id = "st-" + random.nextInt(1_500) + (i % 7 == 0 ? "-长" : "");
      double temp = random.nextInt(5) == 0 ? Double.NaN : random.nextGaussian() * 10;
      rows.add(new Row(id, 490_000 + random.nextInt(3_000), random.nextDouble() * 30, temp));
    }
    byte[] bytes = copy(rows, true);
    for (int maxChunk : new int[] {1, 7, 64, 100_000}) {
      List<Row> got = new ArrayList<>();
      List<Integer> numbers = new ArrayList<>();
      List<String> names = new ArrayList<>();
      long n =
          HourlyStream.read(
              chunks(bytes, maxChunk, random),
              (k, id, h, o, t) -> {
                got.add(new Row(id, h, o, t));
                numbers.add(k);
                if (k == names.size()) {
                  names.add(id);
                }
              });
      assertThat(n).isEqualTo(rows.size());
      assertThat(got).as("chunks up to %d bytes", maxChunk).isEqualTo(rows);
      // Numbers are dense from 0 in the order first met, and always the same for a name.
      for (int i = 0; i < got.size(); i++) {
        assertThat(names.get(numbers.get(i))).isSameAs(got.get(i).station());
      }
      assertThat(names).doesNotHaveDuplicates();
    }
  }

  @Test
  void aStreamCutShortOrForeignIsAnErrorNotAnEndlessWait() throws Exception {
    List<Row> rows = List.of(new Row("st-1", 1, 2, 3), new Row("st-2", 1, 2, Double.NaN));
    byte[] whole = copy(rows, true);
    byte[] cut = Arrays.copyOf(whole, whole.length - 9);
    assertThatThrownBy(
            () -> HourlyStream.read(chunks(cut, 5, new Random(1)), (k, i, h, o, t) -> {}))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("ended inside a row");
    byte[] foreign = "station,hour\nst-1,1\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> HourlyStream.read(chunks(foreign, 50, new Random(1)), (k, i, h, o, t) -> {}))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("not a binary COPY");
  }

  @Test
  void thePeriodIsWrittenIntoTheStatementAsUtcLiterals() {
    String sql =
        HourlyStream.sql(
            Store.PLAIN,
            Instant.parse("2026-06-01T00:00:00Z"),
            Instant.parse("2026-09-01T00:00:00Z"));
    assertThat(sql)
        .contains("bucket >= TIMESTAMPTZ '2026-06-01T00:00:00Z'")
        .contains("bucket < TIMESTAMPTZ '2026-09-01T00:00:00Z'")
        .contains("FROM rollup_1h")
        .endsWith("TO STDOUT (FORMAT binary)");
    assertThat(HourlyStream.sql(Store.TIMESCALE, Instant.EPOCH, Instant.EPOCH))
        .contains("FROM reading_1h");
  }

  /** A binary COPY stream of the rows: signature, flags, no extension, rows, trailer. */
  private static byte[] copy(List<Row> rows, boolean trailer) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.write(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
    out.writeInt(0);
    out.writeInt(0);
    for (Row r : rows) {
      out.writeShort(4);
      byte[] id = r.station().getBytes(StandardCharsets.UTF_8);
      out.writeInt(id.length);
      out.write(id);
      out.writeInt(8);
      out.writeLong(r.hour());
      out.writeInt(8);
      out.writeDouble(r.occ());
      if (Double.isNaN(r.temp())) {
        out.writeInt(-1);
      } else {
        out.writeInt(8);
        out.writeDouble(r.temp());
      }
    }
    if (trailer) {
      out.writeShort(-1);
    }
    return b.toByteArray();
  }

  /** The bytes as a COPY whose messages are 1 to maxChunk bytes long. */
  private static CopyOut chunks(byte[] bytes, int maxChunk, Random random) {
    Deque<byte[]> messages = new ArrayDeque<>();
    for (int at = 0; at < bytes.length; ) {
      int len = Math.min(bytes.length - at, 1 + random.nextInt(maxChunk));
      messages.add(Arrays.copyOfRange(bytes, at, at + len));
      at += len;
    }
    return new CopyOut() {
      @Override
      public byte[] readFromCopy() {
        return messages.poll();
      }

      @Override
      public byte[] readFromCopy(boolean block) {
        return messages.poll();
      }

      @Override
      public int getFieldCount() {
        return 4;
      }

      @Override
      public int getFormat() {
        return 1;
      }

      @Override
      public int getFieldFormat(int field) {
        return 1;
      }

      @Override
      public boolean isActive() {
        return !messages.isEmpty();
      }

      @Override
      public void cancelCopy() {
        messages.clear();
      }

      @Override
      public long getHandledRowCount() {
        return 0;
      }
    };
  }
}
