package org.yizhan.geo;

import java.util.Arrays;

/**
 * Per-thread working memory of a k-nearest search: a min-heap of tree nodes by distance bound and a
 * max-heap of the best results so far. Reused across queries so the hot path allocates nothing.
 */
final class Scratch {

  private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

  private double[] nodeKeys = new double[256];
  private int[] nodeIds = new int[256];
  int nodeCount;

  private double[] resDist = new double[16];
  private double[] resH = new double[16];
  private int[] resItem = new int[16];
  int resultCount;
  private int capacity;

  static Scratch get() {
    return LOCAL.get();
  }

  void reset(int k) {
    nodeCount = 0;
    resultCount = 0;
    capacity = k;
    if (resDist.length < k) {
      resDist = new double[k];
      resH = new double[k];
      resItem = new int[k];
    }
  }

  void pushNode(double key, int id) {
    if (nodeCount == nodeKeys.length) {
      nodeKeys = Arrays.copyOf(nodeKeys, nodeCount * 2);
      nodeIds = Arrays.copyOf(nodeIds, nodeCount * 2);
    }
    int i = nodeCount++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (nodeKeys[parent] <= key) {
        break;
      }
      nodeKeys[i] = nodeKeys[parent];
      nodeIds[i] = nodeIds[parent];
      i = parent;
    }
    nodeKeys[i] = key;
    nodeIds[i] = id;
  }

  double peekNodeKey() {
    return nodeKeys[0];
  }

  int popNode() {
    int top = nodeIds[0];
    int last = --nodeCount;
    if (last > 0) {
      double key = nodeKeys[last];
      int id = nodeIds[last];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= last) {
          break;
        }
        if (child + 1 < last && nodeKeys[child + 1] < nodeKeys[child]) {
          child++;
        }
        if (nodeKeys[child] >= key) {
          break;
        }
        nodeKeys[i] = nodeKeys[child];
        nodeIds[i] = nodeIds[child];
        i = child;
      }
      nodeKeys[i] = key;
      nodeIds[i] = id;
    }
    return top;
  }

  /** The haversine term of the worst result kept, for pruning. */
  double worstH() {
    return resH[0];
  }

  /** Whether a result at this distance and item would enter the current best set. */
  boolean wouldTake(double d, int item) {
    return resultCount < capacity || worse(resDist[0], resItem[0], d, item);
  }

  /** Adds a result that {@link #wouldTake} accepted, evicting the worst when full. */
  void offer(double d, double h, int item) {
    if (resultCount < capacity) {
      int i = resultCount++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!worse(d, item, resDist[parent], resItem[parent])) {
          break;
        }
        resDist[i] = resDist[parent];
        resH[i] = resH[parent];
        resItem[i] = resItem[parent];
        i = parent;
      }
      resDist[i] = d;
      resH[i] = h;
      resItem[i] = item;
      return;
    }
    siftDownFromRoot(d, h, item, resultCount);
  }

  private void siftDownFromRoot(double d, double h, int item, int n) {
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= n) {
        break;
      }
      if (child + 1 < n
          && worse(resDist[child + 1], resItem[child + 1], resDist[child], resItem[child])) {
        child++;
      }
      if (!worse(resDist[child], resItem[child], d, item)) {
        break;
      }
      resDist[i] = resDist[child];
      resH[i] = resH[child];
      resItem[i] = resItem[child];
      i = child;
    }
    resDist[i] = d;
    resH[i] = h;
    resItem[i] = item;
  }

  /** Empties the result heap into the arrays, nearest first. */
  int drainSorted(int[] outItems, double[] outDist) {
    int n = resultCount;
    for (int last = n - 1; last >= 0; last--) {
      outItems[last] = resItem[0];
      outDist[last] = resDist[0];
      siftDownFromRoot(resDist[last], resH[last], resItem[last], last);
    }
    resultCount = 0;
    return n;
  }

  /** Max-heap order: (a) is worse than (b) when farther, or equally far with a higher position. */
  private static boolean worse(double da, int ia, double db, int ib) {
    return da > db || (da == db && ia > ib);
  }
}
