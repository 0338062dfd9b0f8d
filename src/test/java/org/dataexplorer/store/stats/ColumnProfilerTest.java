package org.dataexplorer.store.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;
import org.junit.jupiter.api.Test;

class ColumnProfilerTest {

    @Test
    void manyDistinctValuesAreEstimatedAndMarkedApproximate() {
        ColumnProfiler profiler = new ColumnProfiler("s", ColumnType.STRING, 100);
        Random random = new Random(3);
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (int chunk = 0; chunk < 10; chunk++) {
            ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.STRING, 5000);
            for (int i = 0; i < 5000; i++) {
                String s = "v" + (random.nextInt(4) == 0 ? 7 : random.nextInt(20_000));
                distinct.add(s);
                byte[] v = s.getBytes(StandardCharsets.UTF_8);
                b.appendString(v, 0, v.length);
            }
            profiler.accept(b.build());
        }
        ColumnProfile p = profiler.finish();
        assertTrue(p.distinctApproximate());
        assertTrue(p.topApproximate());
        assertTrue(Math.abs(p.distinct() - distinct.size()) < distinct.size() * 0.03,
                "estimate " + p.distinct() + " of " + distinct.size());
        assertEquals("v7", p.topValues().get(0).value());
        assertTrue(Math.abs(p.topValues().get(0).count() - 12_500) < 500, "count " + p.topValues().get(0).count());
    }

    @Test
    void descendingLongsAndAllNullColumns() {
        ColumnProfiler profiler = new ColumnProfiler("n", ColumnType.INTEGER, 100);
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.INTEGER, 100);
        for (int i = 100; i > 0; i--) {
            if (i % 10 == 0) {
                b.appendNull();
            } else {
                b.appendLong(i);
            }
        }
        profiler.accept(b.build());
        ColumnProfile p = profiler.finish();
        assertEquals("descending", p.sortOrder());
        assertEquals(1L, p.minLong());
        assertEquals(99L, p.maxLong());
        assertEquals(10, p.nullCount());

        ColumnProfiler empty = new ColumnProfiler("e", ColumnType.DATE, 100);
        ColumnChunk.Builder nulls = ColumnChunk.builder(ColumnType.DATE, 3);
        nulls.appendNull();
        nulls.appendNull();
        empty.accept(nulls.build());
        ColumnProfile e = empty.finish();
        assertEquals(0, e.count());
        assertEquals(null, e.minLong());
        assertEquals(0, e.histogram().size());
    }

    @Test
    void dictionaryAndPlainChunksOfTheSameStringsProfileAlike() {
        Random random = new Random(11);
        ColumnProfiler dictionary = new ColumnProfiler("d", ColumnType.STRING, 1000);
        ColumnProfiler plain = new ColumnProfiler("p", ColumnType.STRING, 1000);
        String[] words = {"CMT", "VTS", "DDS", "é-zone", ""};
        for (int chunk = 0; chunk < 5; chunk++) {
            ColumnChunk.Builder few = ColumnChunk.builder(ColumnType.STRING, 2000);
            java.util.List<ColumnChunk> singles = new java.util.ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                if (random.nextInt(10) == 0) {
                    few.appendNull();
                    ColumnChunk.Builder one = ColumnChunk.builder(ColumnType.STRING, 1);
                    one.appendNull();
                    singles.add(one.build());
                    continue;
                }
                byte[] v = words[random.nextInt(words.length)].getBytes(StandardCharsets.UTF_8);
                few.appendString(v, 0, v.length);
                ColumnChunk.Builder one = ColumnChunk.builder(ColumnType.STRING, 1);
                one.appendString(v, 0, v.length);
                singles.add(one.build());
            }
            ColumnChunk built = few.build();
            assertTrue(built.isDictionary(), "a low-cardinality chunk is dictionary encoded");
            dictionary.accept(built);
            singles.forEach(plain::accept);
        }
        ColumnProfile d = dictionary.finish();
        ColumnProfile p = plain.finish();
        assertEquals(p.count(), d.count());
        assertEquals(p.nullCount(), d.nullCount());
        assertEquals(p.distinct(), d.distinct());
        assertEquals(5, d.distinct());
        assertEquals(p.topValues(), d.topValues());
        assertEquals(p.minString(), d.minString());
        assertEquals(p.maxString(), d.maxString());
        assertEquals(p.minLength(), d.minLength());
        assertEquals(p.maxLength(), d.maxLength());
        assertEquals(p.meanLength(), d.meanLength(), 1e-9);
        assertEquals("unsorted", d.sortOrder());
    }

    @Test
    void exactCountsGiveExactQuantilesAndOverflowHandsOverToTheSketches() {
        ColumnProfiler few = new ColumnProfiler("few", ColumnType.INTEGER, 100);
        ColumnProfiler many = new ColumnProfiler("many", ColumnType.INTEGER, 100);
        Random random = new Random(5);
        long[] counts = new long[10];
        java.util.Set<Long> distinct = new java.util.HashSet<>();
        for (int chunk = 0; chunk < 4; chunk++) {
            ColumnChunk.Builder a = ColumnChunk.builder(ColumnType.INTEGER, 5000);
            ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.INTEGER, 5000);
            for (int i = 0; i < 5000; i++) {
                int v = random.nextInt(10);
                counts[v]++;
                a.appendLong(v);
                long w = random.nextInt(50_000);
                distinct.add(w);
                b.appendLong(w);
            }
            few.accept(a.build());
            many.accept(b.build());
        }
        ColumnProfile f = few.finish();
        assertEquals(10, f.distinct());
        assertTrue(!f.distinctApproximate() && !f.topApproximate());
        int mostFrequent = 0;
        for (int v = 1; v < 10; v++) {
            if (counts[v] > counts[mostFrequent]) {
                mostFrequent = v;
            }
        }
        assertEquals((long) mostFrequent, f.topValues().get(0).value());
        assertEquals(counts[mostFrequent], f.topValues().get(0).count());
        long below = 0;
        int median = 0;
        while (below + counts[median] < 10_000) {
            below += counts[median++];
        }
        assertEquals(median, f.median(), 1e-9, "the median of 20,000 values in 0..9");
        assertEquals(20_000, f.histogram().stream().mapToLong(ColumnProfile.Bin::count).sum());

        ColumnProfile m = many.finish();
        assertTrue(m.distinctApproximate());
        assertTrue(Math.abs(m.distinct() - distinct.size()) < distinct.size() * 0.03,
                "estimate " + m.distinct() + " of " + distinct.size());
        assertEquals(20_000, m.histogram().stream().mapToLong(ColumnProfile.Bin::count).sum());
        assertEquals(25_000, m.median(), 25_000 * 0.05);
    }

    @Test
    void narrowRangesAreCountedByValueUntilTheExactCountsWouldOverflow() {
        ColumnProfiler profiler = new ColumnProfiler("codes", ColumnType.INTEGER, 100);
        Random random = new Random(12);
        long[] counts = new long[150];
        ColumnProfiler twoChunks = new ColumnProfiler("codes", ColumnType.INTEGER, 100);
        long[] countsAfterTwo = null;
        for (int[] range : new int[][] {{0, 80}, {0, 80}, {50, 100}}) {
            ColumnChunk.Builder chunk = ColumnChunk.builder(ColumnType.INTEGER, 5000);
            for (int i = 0; i < 5000; i++) {
                int v = range[0] + random.nextInt(range[1]);
                counts[v]++;
                chunk.appendLong(v);
            }
            ColumnChunk built = chunk.build();
            profiler.accept(built);
            if (range[0] == 0) {
                twoChunks.accept(built);
                countsAfterTwo = counts.clone();
            }
        }
        ColumnProfile first = twoChunks.finish();
        assertEquals(80, first.distinct());
        assertTrue(!first.distinctApproximate());
        assertTrue(!first.topApproximate());
        for (ColumnProfile.TopValue top : first.topValues()) {
            assertEquals(countsAfterTwo[(int) (long) (Long) top.value()], top.count(), "exact count of " + top.value());
        }
        ColumnProfile p = profiler.finish();
        assertTrue(p.distinctApproximate(), "150 values overflow exact counts of 100");
        assertEquals(150, p.distinct(), 3);
        assertEquals(0L, p.minLong());
        assertEquals(149L, p.maxLong());
        for (ColumnProfile.TopValue top : p.topValues()) {
            long v = (Long) top.value();
            assertEquals(counts[(int) v], top.count(), 15_000 / 256.0, "count of " + v);
        }

        ColumnProfiler extremes = new ColumnProfiler("wide", ColumnType.INTEGER, 100);
        ColumnChunk.Builder chunk = ColumnChunk.builder(ColumnType.INTEGER, 3);
        chunk.appendLong(Long.MAX_VALUE);
        chunk.appendLong(Long.MIN_VALUE);
        chunk.appendLong(0);
        extremes.accept(chunk.build());
        ColumnProfile e = extremes.finish();
        assertEquals(3, e.distinct());
        assertEquals(Long.MIN_VALUE, e.minLong());
        assertEquals(Long.MAX_VALUE, e.maxLong());
    }

    @Test
    void decimalsOfTwoPlacesAreCountedExactlyAsHundredthsAndOthersOneByOne() {
        ColumnProfiler profiler = new ColumnProfiler("fare", ColumnType.FLOAT, 10_000);
        Random random = new Random(13);
        java.util.Map<Double, Long> counts = new java.util.HashMap<>();
        for (int chunk = 0; chunk < 3; chunk++) {
            ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.FLOAT, 5000);
            for (int i = 0; i < 5000; i++) {
                // the last chunk holds one value of three places, so it is counted value by value
                double v = chunk == 2 && i == 777 ? 0.125 : (random.nextInt(2000) - 300) / 100.0;
                if (v == 0) {
                    v = i % 2 == 0 ? 0.0 : -0.0;
                }
                counts.merge(v == 0 ? 0.0 : v, 1L, Long::sum);
                b.appendDouble(v);
            }
            profiler.accept(b.build());
        }
        ColumnProfile p = profiler.finish();
        assertTrue(!p.distinctApproximate() && !p.topApproximate());
        assertEquals(counts.size(), p.distinct());
        for (ColumnProfile.TopValue top : p.topValues()) {
            assertEquals(counts.get((Double) top.value()), top.count(), "count of " + top.value());
        }
        assertEquals(-3.0, p.minDouble());
        assertEquals(16.99, p.maxDouble());
    }

    @Test
    void batchedChunksGiveExactMomentsAndBoundsAndQuantilesWithinTheSketchError() {
        // The second profiler gives its quantile sketch a sample after 100,000 values (the default is 2^20).
        ColumnProfiler full = new ColumnProfiler("big", ColumnType.FLOAT, 100);
        ColumnProfiler sampled = new ColumnProfiler("big", ColumnType.FLOAT, 100, 100_000);
        Random random = new Random(6);
        int chunks = 12;
        int rows = 32_768;
        double[] all = new double[chunks * rows];
        double sum = 0;
        int n = 0;
        for (int chunk = 0; chunk < chunks; chunk++) {
            ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.FLOAT, rows);
            for (int i = 0; i < rows; i++) {
                // skewed, and drifting from chunk to chunk, so that weighing the sample wrongly would show
                double v = Math.pow(random.nextDouble(), 3) * 1000 + chunk * 100;
                b.appendDouble(v);
                all[n++] = v;
                sum += v;
            }
            ColumnChunk built = b.build();
            full.accept(built);
            sampled.accept(built);
        }
        java.util.Arrays.sort(all);
        double mean = sum / n;
        double squares = 0;
        for (double v : all) {
            squares += (v - mean) * (v - mean);
        }
        for (ColumnProfile p : new ColumnProfile[] {full.finish(), sampled.finish()}) {
            assertEquals(n, p.count());
            assertEquals(all[0], p.minDouble());
            assertEquals(all[n - 1], p.maxDouble());
            assertEquals(mean, p.mean(), 1e-9 * Math.abs(mean));
            assertEquals(squares / (n - 1), p.variance(), 1e-9 * squares / (n - 1));
            double[] ranks = {0.05, 0.25, 0.5, 0.75, 0.95};
            double[] estimates = {p.p5(), p.q1(), p.median(), p.q3(), p.p95()};
            for (int i = 0; i < ranks.length; i++) {
                int rank = java.util.Arrays.binarySearch(all, estimates[i]);
                double actual = (rank < 0 ? -rank - 1 : rank) / (double) n;
                assertEquals(ranks[i], actual, 0.025, "quantile " + ranks[i]);
            }
            List<ColumnProfile.Bin> bins = p.histogram();
            assertEquals(n, bins.stream().mapToLong(ColumnProfile.Bin::count).sum());
            assertEquals(all[0], bins.get(0).low());
            assertEquals(all[n - 1], bins.get(bins.size() - 1).high());
            for (ColumnProfile.Bin bin : bins) {
                int lowRank = rankOf(all, bin.low());
                int highRank = bin == bins.get(bins.size() - 1) ? n : rankOf(all, bin.high());
                assertEquals(highRank - lowRank, bin.count(), n * 0.025, "bin " + bin);
            }
        }
    }

    /** Values below {@code x} in the sorted array. */
    private static int rankOf(double[] sorted, double x) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < x) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    @Test
    void aFrequentValueAmongUniqueOrRepeatedOnesIsCountedInLargeChunks() {
        // Unique keys go to the sketches one by one; repeated ones are counted per chunk first.
        for (boolean repeated : new boolean[] {false, true}) {
            ColumnProfiler profiler = new ColumnProfiler("ids", ColumnType.INTEGER, 100);
            Random random = new Random(12);
            long next = 1_000;
            long sevens = 0;
            java.util.Set<Long> distinct = new java.util.HashSet<>();
            for (int chunk = 0; chunk < 20; chunk++) {
                ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.INTEGER, 20_000);
                for (int i = 0; i < 20_000; i++) {
                    long v = random.nextInt(10) == 0 ? 7 : repeated ? 1_000 + random.nextInt(3_000) : next++;
                    sevens += v == 7 ? 1 : 0;
                    distinct.add(v);
                    b.appendLong(v);
                }
                profiler.accept(b.build());
            }
            ColumnProfile p = profiler.finish();
            String what = repeated ? "repeated" : "unique";
            assertTrue(p.topApproximate(), what);
            assertEquals(7L, p.topValues().get(0).value(), what);
            assertEquals(sevens, p.topValues().get(0).count(), sevens * 0.02, what);
            assertEquals(distinct.size(), p.distinct(), distinct.size() * 0.03, what);
        }
    }

    @Test
    void integersSpanningTheWholeInt64RangeGetAHistogram() {
        ColumnProfiler profiler = new ColumnProfiler("wide", ColumnType.INTEGER, 100);
        ColumnChunk.Builder b = ColumnChunk.builder(ColumnType.INTEGER, 3);
        b.appendLong(Long.MIN_VALUE);
        b.appendLong(0);
        b.appendLong(Long.MAX_VALUE);
        profiler.accept(b.build());
        ColumnProfile p = profiler.finish();
        assertEquals(ColumnProfiler.BINS, p.histogram().size());
        assertEquals(3, p.histogram().stream().mapToLong(ColumnProfile.Bin::count).sum());
    }
}
