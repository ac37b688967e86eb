package org.yizhan.planning.siting;

import java.util.Arrays;
import org.yizhan.planning.CoverInstance;

/**
 * A covering instance reduced for MCLP and LSCP, in compressed sparse form both ways. Demand the
 * fixed network covers drops out (its weight is kept in {@link #coveredWeight}); uncovered demand
 * that no candidate reaches drops out too ({@link #unreachableWeight}); uncovered demand points
 * with the same set of candidates merge into one row whose weight is their sum; candidates covering
 * no uncovered demand drop. Candidate c of the reduction is candidate {@code original[c]} of the
 * instance; its rows are {@code rows[rowStart[c] .. rowStart[c+1])} and row r's candidates are
 * {@code cands[candStart[r] .. candStart[r+1])}, both ascending.
 */
final class Cover {
  final int[] original;
  final int[] rowStart;
  final int[] rows;
  final double[] rowWeight;
  final int[] candStart;
  final int[] cands;
  final double totalWeight;
  final double coveredWeight;
  final double unreachableWeight;

  private Cover(
      int[] original,
      int[] rowStart,
      int[] rows,
      double[] rowWeight,
      int[] candStart,
      int[] cands,
      double totalWeight,
      double coveredWeight,
      double unreachableWeight) {
    this.original = original;
    this.rowStart = rowStart;
    this.rows = rows;
    this.rowWeight = rowWeight;
    this.candStart = candStart;
    this.cands = cands;
    this.totalWeight = totalWeight;
    this.coveredWeight = coveredWeight;
    this.unreachableWeight = unreachableWeight;
  }

  int candidateCount() {
    return original.length;
  }

  int rowCount() {
    return rowWeight.length;
  }

  /** Non-zeros: the size measure the exact-or-heuristic policy looks at. */
  int size() {
    return rows.length;
  }

  static Cover reduce(CoverInstance in) {
    int n = in.demandCount();
    int m = in.candidateCount();
    double[] w = in.weight();
    boolean[] covered = in.covered();
    int[][] covers = in.covers();
    // Demand -> original candidates, over uncovered demand only.
    int[] degree = new int[n + 1];
    for (int[] list : covers) {
      for (int i : list) {
        if (!covered[i]) {
          degree[i + 1]++;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      degree[i + 1] += degree[i];
    }
    int[] demandCands = new int[degree[n]];
    int[] fill = Arrays.copyOf(degree, n);
    for (int j = 0; j < m; j++) {
      for (int i : covers[j]) {
        if (!covered[i]) {
          demandCands[fill[i]++] = j;
        }
      }
    }
    // Merge demand with equal candidate lists (open addressing on a hash of the list).
    double total = 0;
    double coveredWeight = 0;
    double unreachable = 0;
    int capacity = Integer.highestOneBit(Math.max(4, n) * 2) * 2;
    int[] table = new int[capacity];
    Arrays.fill(table, -1);
    int[] rowOf = new int[n];
    int[] representative = new int[n];
    long[] rowHash = new long[n];
    double[] rowWeight = new double[n];
    int rowCount = 0;
    for (int i = 0; i < n; i++) {
      total += w[i];
      rowOf[i] = -1;
      if (covered[i]) {
        coveredWeight += w[i];
        continue;
      }
      if (degree[i] == degree[i + 1]) {
        unreachable += w[i];
        continue;
      }
      long h = 1125899906842597L;
      for (int p = degree[i]; p < degree[i + 1]; p++) {
        h = 31 * h + demandCands[p];
      }
      h ^= h >>> 29;
      int slot = (int) (h * 0x9E3779B97F4A7C15L >>> 40) & (capacity - 1);
      while (true) {
        int r = table[slot];
        if (r < 0) {
          table[slot] = rowCount;
          rowHash[rowCount] = h;
          representative[rowCount] = i;
          rowWeight[rowCount] = w[i];
          rowOf[i] = rowCount++;
          break;
        }
        if (rowHash[r] == h && sameList(demandCands, degree, representative[r], i)) {
          rowWeight[r] += w[i];
          rowOf[i] = r;
          break;
        }
        slot = (slot + 1) & (capacity - 1);
      }
    }
    rowWeight = Arrays.copyOf(rowWeight, rowCount);
    // Candidates covering some row, renumbered; their rows deduplicated with a stamp.
    int[] newIndex = new int[m];
    int[] original = new int[m];
    int kept = 0;
    int[] stamp = new int[rowCount];
    Arrays.fill(stamp, -1);
    int[] rowStart = new int[m + 1];
    int[] rows = new int[degree[n]];
    int nnz = 0;
    for (int j = 0; j < m; j++) {
      int begin = nnz;
      for (int i : covers[j]) {
        int r = rowOf[i];
        if (r >= 0 && stamp[r] != kept) {
          stamp[r] = kept;
          rows[nnz++] = r;
        }
      }
      if (nnz > begin) {
        Arrays.sort(rows, begin, nnz);
        newIndex[j] = kept;
        original[kept++] = j;
        rowStart[kept] = nnz;
      } else {
        newIndex[j] = -1;
      }
    }
    int[] candStart = new int[rowCount + 1];
    int[] cands = new int[nnz];
    int pos = 0;
    for (int r = 0; r < rowCount; r++) {
      int i = representative[r];
      for (int p = degree[i]; p < degree[i + 1]; p++) {
        cands[pos++] = newIndex[demandCands[p]];
      }
      candStart[r + 1] = pos;
    }
    return new Cover(
        Arrays.copyOf(original, kept),
        Arrays.copyOf(rowStart, kept + 1),
        Arrays.copyOf(rows, nnz),
        rowWeight,
        candStart,
        cands,
        total,
        coveredWeight,
        unreachable);
  }

  private static boolean sameList(int[] values, int[] start, int a, int b) {
    int la = start[a + 1] - start[a];
    if (la != start[b + 1] - start[b]) {
      return false;
    }
    return Arrays.equals(values, start[a], start[a + 1], values, start[b], start[b] + la);
  }
}
