package dev.socketchat.bench;

import java.util.Arrays;

/**
 * Counts of non-negative values (microseconds) in log-linear buckets, about 1.5 % wide, so percentiles of millions of
 * latencies cost a few kilobytes and histograms from several generator processes add up exactly.
 */
final class Histogram {
  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;
  private static final int EXACT = 2 * SUB;
  private static final int BUCKETS = EXACT + 58 * SUB;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long max;

  void record(long value) {
    long v = Math.max(0, value);
    counts[index(v)]++;
    total++;
    if (v > max) {
      max = v;
    }
  }

  long count() {
    return total;
  }

  long max() {
    return max;
  }

  /** The value at or below which the given fraction of the recorded values lie (the bucket's upper bound). */
  long percentile(double fraction) {
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(fraction * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(max, upper(i));
      }
    }
    return max;
  }

  void add(Histogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  /** A compact text form, {@code max;index:count,index:count...}, for passing between processes. */
  String encode() {
    StringBuilder text = new StringBuilder().append(max).append(';');
    for (int i = 0; i < BUCKETS; i++) {
      if (counts[i] != 0) {
        text.append(i).append(':').append(counts[i]).append(',');
      }
    }
    return text.toString();
  }

  static Histogram decode(String text) {
    Histogram histogram = new Histogram();
    int semicolon = text.indexOf(';');
    histogram.max = Long.parseLong(text.substring(0, semicolon));
    for (String pair : text.substring(semicolon + 1).split(",")) {
      if (!pair.isEmpty()) {
        int colon = pair.indexOf(':');
        long count = Long.parseLong(pair.substring(colon + 1));
        histogram.counts[Integer.parseInt(pair.substring(0, colon))] += count;
        histogram.total += count;
      }
    }
    return histogram;
  }

  private static int index(long v) {
    if (v < EXACT) {
      return (int) v;
    }
    int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
    int index = EXACT + (shift - 1) * SUB + (int) ((v >>> shift) - SUB);
    return Math.min(index, BUCKETS - 1);
  }

  private static long upper(int index) {
    if (index < EXACT) {
      return index;
    }
    int shift = (index - EXACT) / SUB + 1;
    long mantissa = (index - EXACT) % SUB + SUB;
    return ((mantissa + 1) << shift) - 1;
  }

  @Override
  public String toString() {
    return "Histogram" + Arrays.toString(new long[] {total, percentile(0.5), percentile(0.99), max});
  }
}
