package org.dataexplorer.store.stats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.frequencies.LongsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnType;

/**
 * Accumulates the statistics of one column from its chunks, in one pass: exact counts, min/max,
 * moments (Welford), string lengths, sort order; distinct values and their counts exactly while
 * there are at most {@code exactMax} of them, with DataSketches alongside for when there are more
 * (HyperLogLog for the distinct count, frequent items for the top values) and KLL for quantiles and
 * the histogram. Bounded memory whatever the row count. Not thread-safe.
 */
final class ColumnProfiler {

    static final int TOP = 10;
    static final int BINS = 20;
    /** Values the quantile sketch takes one by one; past them it takes a 1-in-{@value #SAMPLE_RATE} sample. */
    static final long SAMPLE_AFTER = 1L << 20;
    static final int SAMPLE_RATE = 32;
    static final int SINGLES_DROPPED_FROM = 8192;
    /** A key seen at most batch size / this many times in a batch is too rare there for the frequent-items sketch. */
    private static final int RARE_PER_BATCH = 2048;
    /** One key in this many (a power of two) is sampled to find the repeating keys of a mostly distinct batch. */
    private static final int CANDIDATE_SAMPLE_RATE = 16;
    /** Widest range of whole numbers a batch is counted in by value (see {@link #countInRange}). */
    private static final int DENSE_RANGE = 16_384;

    private final String name;
    private final ColumnType type;
    private final int exactMax;

    private long count;
    private long nulls;
    private long minLong = Long.MAX_VALUE;
    private long maxLong = Long.MIN_VALUE;
    private double minDouble = Double.POSITIVE_INFINITY;
    private double maxDouble = Double.NEGATIVE_INFINITY;
    private byte[] minString;
    private byte[] maxString;
    private double mean;
    private double m2;
    private double sum;
    private long numeric;
    private long zeros;
    private long negatives;
    private long lengthSum;
    private int minLength = Integer.MAX_VALUE;
    private int maxLength = -1;
    private boolean ascending = true;
    private boolean descending = true;
    private boolean hasPrevious;
    private long previousLong;
    private double previousDouble;
    private byte[] previousString;

    /** Exact counts while the column has at most exactMax distinct values; the sketches take over after. */
    private LongCounts exactLongs;
    /** The exact counts were fed to the quantile sketch (once, by {@link #finish()}). */
    private boolean quantilesFromExact;
    private Map<String, long[]> exactStrings = new HashMap<>();
    private final HyperLogLog hll = new HyperLogLog();
    private final KllDoublesSketch kll;
    private final long sampleAfter;
    /** Past {@link #sampleAfter} values: a seeded 1-in-{@value #SAMPLE_RATE} sample of the rest, standing for {@link #sampledN} values. */
    private KllDoublesSketch sampledKll;
    private long sampledN;
    private long sampleState = 0x9E3779B97F4A7C15L;
    /** Whether keys repeated enough in the last counted chunk for counting first to pay (see {@link #distinct}). */
    private boolean countKeysFirst = true;
    private int directChunks;
    /** Distinct keys in the last batch counted first (how large a table the next one needs). */
    private int batchKeys;
    private final LongsSketch frequentLongs;
    private final ItemsSketch<String> frequentStrings;
    private byte[] scratch = new byte[64];

    ColumnProfiler(String name, ColumnType type, int exactMax) {
        this(name, type, exactMax, SAMPLE_AFTER);
    }

    /** @param sampleAfter values the quantile sketch takes one by one before it takes a sample (for tests) */
    ColumnProfiler(String name, ColumnType type, int exactMax, long sampleAfter) {
        this.name = name;
        this.type = type;
        this.exactMax = exactMax;
        this.sampleAfter = sampleAfter;
        boolean text = type == ColumnType.STRING;
        this.kll = text ? null : KllDoublesSketch.newHeapInstance(200);
        this.frequentLongs = text ? null : new LongsSketch(256);
        this.frequentStrings = text ? new ItemsSketch<>(256) : null;
        this.exactLongs = text ? null : new LongCounts(exactMax);
    }

    ColumnType type() {
        return type;
    }

    void accept(ColumnChunk chunk) {
        accept(chunk, new Scratch());
    }

    /** Like {@link #accept(ColumnChunk)}, with per-chunk buffers shared by the columns of one dataset. */
    void accept(ColumnChunk chunk, Scratch scratch) {
        if (chunk.type() != type) {
            throw new IllegalArgumentException("column " + name + " is profiled as " + type + ", not " + chunk.type());
        }
        if (type == ColumnType.STRING) {
            if (chunk.isDictionary()) {
                acceptDictionary(chunk);
                return;
            }
            int size = chunk.size();
            for (int row = 0; row < size; row++) {
                if (chunk.isNull(row)) {
                    nulls++;
                    continue;
                }
                count++;
                addString(chunk, row);
            }
            return;
        }
        acceptNumbers(chunk, scratch);
    }

    /**
     * A numeric, boolean or temporal chunk, a batch at a time: its values are gathered into primitive
     * arrays, then bounds, order, moments and distinct values are computed per batch (the quantile sketch
     * takes the batch at once, and once the exact counts overflowed, repeated keys of a chunk reach the
     * other sketches once, with their count).
     */
    private void acceptNumbers(ColumnChunk chunk, Scratch scratch) {
        int size = chunk.size();
        scratch.ensure(size);
        long[] keys = scratch.keys;
        double[] values = scratch.values;
        boolean floats = type == ColumnType.FLOAT;
        boolean booleans = type == ColumnType.BOOLEAN;
        int n = 0;
        boolean wholeNumbers = !floats && !booleans;
        for (int w = 0, words = ColumnChunk.wordCount(size); w < words; w++) {
            long nullBits = chunk.nullWord(w);
            if (nullBits == 0 && wholeNumbers) {
                // A word of rows without a null: copied at once, then widened.
                int row = w << 6;
                int rows = Math.min(size - row, 64);
                chunk.copyLongs(row, keys, n, rows);
                for (int i = n; i < n + rows; i++) {
                    values[i] = keys[i];
                }
                n += rows;
                count += rows;
                continue;
            }
            for (int row = w << 6, end = Math.min(size, row + 64); row < end; row++) {
                if ((nullBits & (1L << row)) != 0) {
                    nulls++;
                    continue;
                }
                count++;
                if (floats) {
                    double v = chunk.getDouble(row);
                    if (Double.isNaN(v)) {
                        continue;
                    }
                    values[n] = v;
                    keys[n++] = Double.doubleToLongBits(v == 0.0 ? 0.0 : v);
                } else {
                    long v = booleans ? (chunk.getBoolean(row) ? 1 : 0) : chunk.getLong(row);
                    keys[n] = v;
                    values[n++] = v;
                }
            }
        }
        if (n == 0) {
            return;
        }
        if (floats) {
            boundsAndOrder(values, n);
        } else {
            boundsAndOrder(keys, n);
        }
        if (type == ColumnType.INTEGER || booleans || floats) {
            moments(values, n);
        }
        distinct(keys, values, n, scratch);
    }

    private void boundsAndOrder(long[] keys, int n) {
        long min = minLong;
        long max = maxLong;
        boolean up = ascending;
        boolean down = descending;
        long previous = hasPrevious ? previousLong : keys[0];
        for (int i = 0; i < n; i++) {
            long v = keys[i];
            min = Math.min(min, v);
            max = Math.max(max, v);
            up &= v >= previous;
            down &= v <= previous;
            previous = v;
        }
        minLong = min;
        maxLong = max;
        ascending = up;
        descending = down;
        hasPrevious = true;
        previousLong = previous;
    }

    private void boundsAndOrder(double[] values, int n) {
        double min = minDouble;
        double max = maxDouble;
        boolean up = ascending;
        boolean down = descending;
        double previous = hasPrevious ? previousDouble : values[0];
        for (int i = 0; i < n; i++) {
            double v = values[i];
            min = Math.min(min, v);
            max = Math.max(max, v);
            up &= v >= previous;
            down &= v <= previous;
            previous = v;
        }
        minDouble = min;
        maxDouble = max;
        ascending = up;
        descending = down;
        hasPrevious = true;
        previousDouble = previous;
    }

    /** Sum, zeros and negatives value by value; mean and M2 of the batch joined to the running ones (Chan et al.). */
    private void moments(double[] values, int n) {
        double total = sum;
        double batchSum = 0;
        long zero = 0;
        long negative = 0;
        for (int i = 0; i < n; i++) {
            double v = values[i];
            total += v;
            batchSum += v;
            zero += v == 0 ? 1 : 0;
            negative += v < 0 ? 1 : 0;
        }
        sum = total;
        zeros += zero;
        negatives += negative;
        double batchMean = batchSum / n;
        double batchM2 = 0;
        for (int i = 0; i < n; i++) {
            double d = values[i] - batchMean;
            batchM2 += d * d;
        }
        if (numeric == 0) {
            mean = batchMean;
            m2 = batchM2;
        } else {
            long joined = numeric + n;
            double delta = batchMean - mean;
            mean += delta * n / joined;
            m2 += batchM2 + delta * delta * ((double) numeric * n / joined);
        }
        numeric += n;
    }

    /**
     * The batch's keys into the exact counts while they last; past them, the rest of the batch goes to the
     * sketches. When a column's keys repeat within chunks, a large chunk's keys are counted first, so that
     * each reaches HyperLogLog once and the frequent-items sketch once with its count; keys seen at most
     * {@code n / 2048} times in a batch of {@code n} are not given to the latter: that undercounts any value by
     * at most rows / 2048 in all, far below the error the sketch has anyway (3.5 rows / 256), and spares it
     * the purges that thousands of rare keys per chunk cost. Mostly distinct keys go to HyperLogLog one by one
     * (counting them first would cost more than it saves). The quantile sketch takes
     * the batch at once (see {@link #quantileValues}).
     */
    private void distinct(long[] keys, double[] values, int n, Scratch scratch) {
        int from = 0;
        if (exactLongs != null) {
            if (type == ColumnType.FLOAT ? countCentsInRange(values, n, scratch) : countInRange(keys, n, scratch, false)) {
                return;
            }
            while (from < n && exactLongs.add(keys[from], 1)) {
                from++;
            }
            if (from == n) {
                return;
            }
            replayExactLongs();
        }
        quantileValues(values, from, n);
        if (!countKeysFirst || n - from < SINGLES_DROPPED_FROM) {
            for (int i = from; i < n; i++) {
                hll.addLong(keys[i]);
            }
            if (n - from < SINGLES_DROPPED_FROM) {
                for (int i = from; i < n; i++) {
                    frequentLongs.update(keys[i]);
                }
            } else {
                frequentAmongMostlyDistinct(keys, from, n, scratch);
            }
            if (!countKeysFirst) {
                countKeysFirst = (++directChunks & 15) == 0; // now and then, see whether keys repeat again
            }
            return;
        }
        LongCounts perKey = scratch.counts(batchKeys > 0 ? batchKeys : n - from);
        for (int i = from; i < n; i++) {
            perKey.add(keys[i], 1);
        }
        batchKeys = perKey.size();
        long rare = (n - from) / RARE_PER_BATCH;
        perKey.forEach((key, c) -> {
            hll.addLong(key);
            if (c > rare) {
                frequentLongs.update(key, c);
            }
        });
        // Counting first pays only when keys repeat within a chunk; mostly distinct ones go straight to the sketches.
        countKeysFirst = perKey.size() * 2L < n - from;
    }

    /**
     * Counts a batch of whole numbers that span a narrow range (small codes, flags, counts) in an array indexed
     * by value, then gives the exact counts each distinct value with its count: hash probes per distinct value
     * rather than per value. Declines (false, nothing changed) a wide range, or values that would overflow the
     * exact counts (the batch then goes value by value, as far as they hold).
     *
     * @param cents whether the numbers are hundredths standing for the FLOAT keys {@code number / 100}
     */
    private boolean countInRange(long[] numbers, int n, Scratch scratch, boolean cents) {
        long low = numbers[0];
        long high = numbers[0];
        for (int i = 1; i < n; i++) {
            low = Math.min(low, numbers[i]);
            high = Math.max(high, numbers[i]);
        }
        long span = high - low; // as unsigned, exact even where the signed difference overflows
        if (Long.compareUnsigned(span, Math.min(n, DENSE_RANGE)) >= 0) {
            return false;
        }
        int values = (int) span + 1;
        int[] perValue = scratch.perValue(values);
        for (int i = 0; i < n; i++) {
            perValue[(int) (numbers[i] - low)]++;
        }
        // Only when the exact counts can hold every value that is new to them; perValue is zeroed either way.
        int fresh = 0;
        for (int v = 0; v < values; v++) {
            if (perValue[v] != 0 && !exactLongs.addIfPresent(key(low + v, cents), 0)) {
                fresh++;
            }
        }
        boolean fits = exactLongs.size() + fresh <= exactMax;
        for (int v = 0; v < values; v++) {
            if (perValue[v] != 0) {
                if (fits) {
                    exactLongs.add(key(low + v, cents), perValue[v]);
                }
                perValue[v] = 0;
            }
        }
        return fits;
    }

    private static long key(long number, boolean cents) {
        // As the keys of floats are: the bits of the double, 0.0 for zero (never -0.0).
        return cents ? Double.doubleToLongBits(number / 100.0 + 0.0) : number;
    }

    /**
     * {@link #countInRange} for decimals of at most two places (prices, distances): each value is counted as its
     * whole number of hundredths when that many hundredths is exactly the value again. Declines any other value.
     */
    private boolean countCentsInRange(double[] values, int n, Scratch scratch) {
        long[] cents = scratch.cents(n);
        for (int i = 0; i < n; i++) {
            double v = values[i];
            long c = (long) Math.rint(v * 100);
            if (c / 100.0 != v || c == Long.MAX_VALUE || c == Long.MIN_VALUE) {
                return false;
            }
            cents[i] = c;
        }
        return countInRange(cents, n, scratch, true);
    }

    /**
     * A large batch of mostly distinct keys: a sample of one key in {@link #CANDIDATE_SAMPLE_RATE} finds the keys
     * that repeat in it, those alone are counted exactly in the batch and given to the frequent-items sketch with
     * their counts. A key the sample misses occurs in the batch about {@code 2 * rate} times or fewer, far below
     * the sketch's own error (rows / 256); the frequent values of the column are all found, their counts exact
     * for the batches that found them.
     */
    private void frequentAmongMostlyDistinct(long[] keys, int from, int n, Scratch scratch) {
        LongCounts sample = scratch.sample((n - from) / CANDIDATE_SAMPLE_RATE);
        long x = sampleState;
        for (int i = from; i < n; i++) {
            x = nextRandom(x);
            if ((x & (CANDIDATE_SAMPLE_RATE - 1)) == 0) {
                sample.add(keys[i], 1);
            }
        }
        sampleState = x;
        LongCounts candidates = scratch.candidates();
        sample.forEach((key, c) -> {
            if (c > 1) {
                candidates.add(key, 0);
            }
        });
        if (candidates.size() == 0) {
            return;
        }
        for (int i = from; i < n; i++) {
            candidates.addIfPresent(keys[i], 1);
        }
        candidates.forEach((key, c) -> frequentLongs.update(key, c));
    }

    /**
     * The quantile sketch's cost is per value and its rank error (about 1.7%) does not shrink with more
     * values, so past {@link #sampleAfter} values it is given a seeded Bernoulli sample, kept in a second
     * sketch: the ranks of the two are joined, weighted by the values each stands for (see {@link #rank}).
     * A sample of thirty thousand values adds under 0.3% to the rank error, and is weighted by its share of them.
     */
    private void quantileValues(double[] values, int from, int n) {
        if (sampledKll == null && kll.getN() + (n - from) <= sampleAfter) {
            kll.update(values, from, n - from);
            return;
        }
        if (sampledKll == null) {
            sampledKll = KllDoublesSketch.newHeapInstance(200);
        }
        sampledN += n - from;
        long x = sampleState;
        int m = from;
        for (int i = from; i < n; i++) {
            x = nextRandom(x);
            if ((x & (SAMPLE_RATE - 1)) == 0) {
                values[m++] = values[i];
            }
        }
        sampleState = x;
        if (m > from) {
            sampledKll.update(values, from, m - from);
        }
    }

    /** Marsaglia's xorshift64: the seeded random stream both samples draw from (a few cycles, no allocation). */
    private static long nextRandom(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        return x ^ (x << 17);
    }

    private void replayExactLongs() {
        exactLongs.forEach((key, n) -> {
            kll.update(asDouble(key), n);
            hll.addLong(key);
            frequentLongs.update(key, n);
        });
        exactLongs = null;
    }

    private double asDouble(long key) {
        return type == ColumnType.FLOAT ? Double.longBitsToDouble(key) : key;
    }

    /** A dictionary chunk: each distinct value is profiled once with its count; only the order check is per row. */
    private void acceptDictionary(ColumnChunk chunk) {
        int size = chunk.size();
        long[] perCode = new long[chunk.dictionarySize()];
        for (int row = 0; row < size; row++) {
            if (chunk.isNull(row)) {
                nulls++;
            } else {
                perCode[chunk.code(row)]++;
            }
        }
        for (int code = 0; code < perCode.length; code++) {
            long n = perCode[code];
            if (n == 0) {
                continue;
            }
            count += n;
            int length = chunk.dictionaryUtf8Length(code);
            byte[] bytes = new byte[length];
            chunk.copyDictionaryUtf8(code, bytes, 0);
            addText(bytes, length, n);
        }
        for (int row = 0; row < size && (ascending || descending); row++) {
            if (!chunk.isNull(row)) {
                int code = chunk.code(row);
                int length = chunk.dictionaryUtf8Length(code);
                ensureScratch(length);
                chunk.copyDictionaryUtf8(code, scratch, 0);
                checkOrder(length);
            }
        }
    }

    private void ensureScratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
    }

    /** Updates the sort-order flags with the value in {@code scratch[0, length)}. */
    private void checkOrder(int length) {
        if (hasPrevious) {
            int c = Arrays.compareUnsigned(scratch, 0, length, previousString, 0, previousString.length);
            ascending &= c >= 0;
            descending &= c <= 0;
        }
        if (ascending || descending || !hasPrevious) {
            previousString = Arrays.copyOf(scratch, length);
        }
        hasPrevious = true;
    }

    private void addString(ColumnChunk chunk, int row) {
        int length = chunk.utf8Length(row);
        ensureScratch(length);
        chunk.copyUtf8(row, scratch, 0);
        if (ascending || descending) {
            checkOrder(length);
        }
        addText(scratch, length, 1);
    }

    /** One distinct text value seen {@code n} times: lengths, bounds, counts and sketches. */
    private void addText(byte[] bytes, int length, long n) {
        int chars = 0;
        for (int i = 0; i < length; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                chars++;
            }
        }
        lengthSum += chars * n;
        minLength = Math.min(minLength, chars);
        maxLength = Math.max(maxLength, chars);
        if (minString == null || Arrays.compareUnsigned(bytes, 0, length, minString, 0, minString.length) < 0) {
            minString = Arrays.copyOf(bytes, length);
        }
        if (maxString == null || Arrays.compareUnsigned(bytes, 0, length, maxString, 0, maxString.length) > 0) {
            maxString = Arrays.copyOf(bytes, length);
        }
        String s = new String(bytes, 0, length, StandardCharsets.UTF_8);
        frequentStrings.update(s, n);
        if (exactStrings != null) {
            long[] c = exactStrings.get(s);
            if (c != null) {
                c[0] += n;
                return;
            }
            if (exactStrings.size() < exactMax) {
                exactStrings.put(s, new long[] {n});
                return;
            }
            for (String held : exactStrings.keySet()) {
                byte[] utf8 = held.getBytes(StandardCharsets.UTF_8);
                hll.addBytes(utf8, 0, utf8.length);
            }
            exactStrings = null;
        }
        hll.addBytes(bytes, 0, length);
    }

    /** Per-chunk buffers, reused from chunk to chunk; one per dataset, as its columns are profiled one at a time. */
    static final class Scratch {
        private long[] keys = new long[0];
        private double[] values = new double[0];
        private long[] cents = new long[0];
        /** All zero between uses. */
        private int[] perValue = new int[0];
        // Apart from each other, so that no use resizes the table of another.
        private LongCounts counts;
        private LongCounts sample;
        private LongCounts candidates;

        void ensure(int rows) {
            if (keys.length < rows) {
                keys = new long[rows];
                values = new double[rows];
            }
        }

        long[] cents(int values) {
            if (cents.length < values) {
                cents = new long[values];
            }
            return cents;
        }

        int[] perValue(int values) {
            if (perValue.length < values) {
                perValue = new int[values];
            }
            return perValue;
        }

        /** An empty table for counting about {@code expectedKeys} keys of a batch. */
        LongCounts counts(int expectedKeys) {
            counts = empty(counts, expectedKeys);
            return counts;
        }

        /** An empty table for a sample of a batch's keys. */
        LongCounts sample(int expectedKeys) {
            sample = empty(sample, expectedKeys);
            return sample;
        }

        /** An empty table for the keys that repeat in a sample. */
        LongCounts candidates() {
            candidates = empty(candidates, 0);
            return candidates;
        }

        private static LongCounts empty(LongCounts table, int expectedKeys) {
            if (table == null) {
                return new LongCounts(Integer.MAX_VALUE);
            }
            table.clear(expectedKeys);
            return table;
        }
    }

    ColumnProfile finish() {
        boolean text = type == ColumnType.STRING;
        boolean exactDistinct = text ? exactStrings != null : exactLongs != null;
        if (exactLongs != null && !quantilesFromExact) {
            exactLongs.forEach((key, n) -> kll.update(asDouble(key), n));
            quantilesFromExact = true;
        }
        long distinct = exactDistinct ? (text ? exactStrings.size() : exactLongs.size()) : hll.estimate();
        List<ColumnProfile.TopValue> top = new ArrayList<>();
        if (exactDistinct) {
            if (text) {
                exactStrings.entrySet().stream()
                        .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                                .thenComparing(Map.Entry::getKey))
                        .limit(TOP).forEach(e -> top.add(new ColumnProfile.TopValue(e.getKey(), e.getValue()[0])));
            } else {
                long[][] entries = exactLongs.entries();
                for (int i = 0; i < Math.min(TOP, entries.length); i++) {
                    top.add(new ColumnProfile.TopValue(raw(entries[i][0]), entries[i][1]));
                }
            }
        } else if (text) {
            for (ItemsSketch.Row<String> r : frequentStrings.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
                if (top.size() == TOP) {
                    break;
                }
                top.add(new ColumnProfile.TopValue(r.getItem(), r.getEstimate()));
            }
        } else {
            for (LongsSketch.Row r : frequentLongs.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
                if (top.size() == TOP) {
                    break;
                }
                top.add(new ColumnProfile.TopValue(raw(r.getItem()), r.getEstimate()));
            }
        }
        boolean numericType = type == ColumnType.INTEGER || type == ColumnType.FLOAT || type == ColumnType.BOOLEAN;
        boolean longs = type.isLongBacked() || type == ColumnType.BOOLEAN;
        boolean anyValue = text ? minString != null : type == ColumnType.FLOAT ? minDouble <= maxDouble : count > 0;
        boolean quantiles = kll != null && !kll.isEmpty();
        String order = count == 0 ? "unsorted" : ascending ? "ascending" : descending ? "descending" : "unsorted";
        return new ColumnProfile(name, type, count, nulls, distinct, !exactDistinct,
                longs && anyValue ? minLong : null, longs && anyValue ? maxLong : null,
                type == ColumnType.FLOAT && anyValue ? minDouble : null,
                type == ColumnType.FLOAT && anyValue ? maxDouble : null,
                text && anyValue ? new String(minString, StandardCharsets.UTF_8) : null,
                text && anyValue ? new String(maxString, StandardCharsets.UTF_8) : null,
                numericType && numeric > 0 ? sum : null, numericType && numeric > 0 ? mean : null,
                numericType && numeric > 1 ? Math.sqrt(m2 / (numeric - 1)) : null,
                numericType && numeric > 1 ? m2 / (numeric - 1) : null,
                quantiles ? quantile(0.05) : null, quantiles ? quantile(0.25) : null, quantiles ? quantile(0.5) : null,
                quantiles ? quantile(0.75) : null, quantiles ? quantile(0.95) : null,
                text && anyValue ? minLength : null, text && anyValue ? maxLength : null,
                text && count > 0 ? (double) lengthSum / count : null,
                numericType ? zeros : null, numericType ? negatives : null,
                top, !exactDistinct, quantiles && type != ColumnType.BOOLEAN ? histogram() : List.of(), order);
    }

    private Object raw(long key) {
        return type == ColumnType.FLOAT ? (Object) Double.longBitsToDouble(key) : (Object) key;
    }

    private double quantile(double rank) {
        if (!sampled()) {
            return kll.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
        }
        // The smallest retained item of either sketch whose joined rank reaches the wanted one.
        double[] full = kll.getSortedView().getQuantiles();
        double[] sample = sampledKll.getSortedView().getQuantiles();
        double[] candidates = Arrays.copyOf(full, full.length + sample.length);
        System.arraycopy(sample, 0, candidates, full.length, sample.length);
        Arrays.sort(candidates);
        int low = 0;
        int high = candidates.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (rank(candidates[mid], QuantileSearchCriteria.INCLUSIVE) >= rank) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return candidates[low];
    }

    private boolean sampled() {
        return sampledKll != null && !sampledKll.isEmpty();
    }

    /** Normalized rank of {@code x}: the full sketch's and the sample's, weighted by the values each stands for. */
    private double rank(double x, QuantileSearchCriteria criteria) {
        double full = kll.getN();
        return (kll.getRank(x, criteria) * full + sampledKll.getRank(x, criteria) * sampledN) / (full + sampledN);
    }

    /** Equal-width bins between min and max; counts from the KLL sketch (exact for small columns). */
    private List<ColumnProfile.Bin> histogram() {
        boolean sampled = sampled();
        // A sample may miss the extremes: the bounds tracked exactly are the sketch's own when it saw every value.
        double low = !sampled ? kll.getMinItem() : type == ColumnType.FLOAT ? minDouble : minLong;
        double high = !sampled ? kll.getMaxItem() : type == ColumnType.FLOAT ? maxDouble : maxLong;
        long n = kll.getN() + sampledN;
        if (!(high > low) || !Double.isFinite(high - low)) {
            return List.of(new ColumnProfile.Bin(low, high, n));
        }
        // Whole-number types get at most one bin per value; compared as doubles, so a range past 2^63 cannot overflow.
        int bins = type.isLongBacked() && high - low + 1 < BINS ? (int) (high - low) + 1 : BINS;
        double width = (high - low) / bins;
        double[] splits = new double[bins - 1];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = low + width * (i + 1);
        }
        double[] cdf;
        if (sampled) {
            cdf = new double[splits.length];
            for (int i = 0; i < splits.length; i++) {
                cdf[i] = rank(splits[i], QuantileSearchCriteria.EXCLUSIVE);
            }
        } else {
            cdf = kll.getCDF(splits, QuantileSearchCriteria.EXCLUSIVE);
        }
        List<ColumnProfile.Bin> result = new ArrayList<>(bins);
        long previous = 0;
        for (int i = 0; i < bins; i++) {
            long upTo = i < splits.length ? Math.round(cdf[i] * n) : n; // cumulative, so the bins add up to n
            result.add(new ColumnProfile.Bin(low + width * i, i == bins - 1 ? high : low + width * (i + 1),
                    upTo - previous));
            previous = upTo;
        }
        return result;
    }
}
