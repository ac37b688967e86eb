package org.yizhan.planning.siting;

import java.util.Arrays;

/** A binary max-heap of int items keyed by double, on primitive arrays (lazy greedy's queue). */
final class MaxHeap {
  private double[] keys;
  private int[] items;
  private int size;

  MaxHeap(int capacity) {
    keys = new double[Math.max(1, capacity)];
    items = new int[Math.max(1, capacity)];
  }

  int size() {
    return size;
  }

  double topKey() {
    return keys[0];
  }

  int topItem() {
    return items[0];
  }

  void push(int item, double key) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      items = Arrays.copyOf(items, size * 2);
    }
    int at = size++;
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (keys[parent] >= key) {
        break;
      }
      keys[at] = keys[parent];
      items[at] = items[parent];
      at = parent;
    }
    keys[at] = key;
    items[at] = item;
  }

  void pop() {
    double key = keys[--size];
    int item = items[size];
    int at = 0;
    while (true) {
      int child = 2 * at + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && keys[child + 1] > keys[child]) {
        child++;
      }
      if (keys[child] <= key) {
        break;
      }
      keys[at] = keys[child];
      items[at] = items[child];
      at = child;
    }
    keys[at] = key;
    items[at] = item;
  }

  /** The sum of the {@code k} largest of {@code values} (a partial selection, O(n log k)). */
  static double sumOfLargest(double[] values, int count, int k) {
    if (k <= 0) {
      return 0;
    }
    // Min-heap of the k largest so far, stored negated in a max-heap.
    MaxHeap smallest = new MaxHeap(k + 1);
    for (int i = 0; i < count; i++) {
      double v = values[i];
      if (smallest.size < k) {
        smallest.push(i, -v);
      } else if (v > -smallest.topKey()) {
        smallest.pop();
        smallest.push(i, -v);
      }
    }
    double sum = 0;
    for (int i = 0; i < smallest.size; i++) {
      sum -= smallest.keys[i];
    }
    return sum;
  }

  /** The indices of the {@code k} largest of {@code values} (any order). */
  static int[] largest(double[] values, int count, int k) {
    k = Math.min(k, count);
    MaxHeap smallest = new MaxHeap(k + 1);
    for (int i = 0; i < count && k > 0; i++) {
      double v = values[i];
      if (smallest.size < k) {
        smallest.push(i, -v);
      } else if (v > -smallest.topKey()) {
        smallest.pop();
        smallest.push(i, -v);
      }
    }
    return Arrays.copyOf(smallest.items, smallest.size);
  }
}
