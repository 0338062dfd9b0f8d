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
import org.apache.datasketches.hll.HllSketch;
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
    private final HllSketch hll = new HllSketch(14);
    private final KllDoublesSketch kll;
    private final LongsSketch frequentLongs;
    private final ItemsSketch<String> frequentStrings;
    private byte[] scratch = new byte[64];

    ColumnProfiler(String name, ColumnType type, int exactMax) {
        this.name = name;
        this.type = type;
        this.exactMax = exactMax;
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
        if (chunk.type() != type) {
            throw new IllegalArgumentException("column " + name + " is profiled as " + type + ", not " + chunk.type());
        }
        if (type == ColumnType.STRING && chunk.isDictionary()) {
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
            switch (type) {
                case FLOAT -> addDouble(chunk.getDouble(row));
                case STRING -> addString(chunk, row);
                case BOOLEAN -> addLong(chunk.getBoolean(row) ? 1 : 0);
                default -> addLong(chunk.getLong(row));
            }
        }
    }

    private void addLong(long v) {
        minLong = Math.min(minLong, v);
        maxLong = Math.max(maxLong, v);
        if (hasPrevious) {
            ascending &= v >= previousLong;
            descending &= v <= previousLong;
        }
        hasPrevious = true;
        previousLong = v;
        if (type == ColumnType.INTEGER || type == ColumnType.BOOLEAN) {
            moments(v);
        }
        distinct(v, v);
    }

    private void addDouble(double v) {
        if (Double.isNaN(v)) {
            return;
        }
        minDouble = Math.min(minDouble, v);
        maxDouble = Math.max(maxDouble, v);
        if (hasPrevious) {
            ascending &= v >= previousDouble;
            descending &= v <= previousDouble;
        }
        hasPrevious = true;
        previousDouble = v;
        moments(v);
        distinct(Double.doubleToLongBits(v == 0.0 ? 0.0 : v), v);
    }

    private void moments(double v) {
        numeric++;
        sum += v;
        double delta = v - mean;
        mean += delta / numeric;
        m2 += delta * (v - mean);
        if (v == 0) {
            zeros++;
        } else if (v < 0) {
            negatives++;
        }
    }

    /**
     * Counts a value exactly while there are few distinct ones (no sketch work per value then: the
     * counts are replayed into the sketches, with their weights, when the table overflows or at the end).
     */
    private void distinct(long key, double value) {
        if (exactLongs != null) {
            if (exactLongs.add(key, 1)) {
                return;
            }
            replayExactLongs();
        }
        kll.update(value);
        hll.update(key);
        frequentLongs.update(key);
    }

    private void replayExactLongs() {
        exactLongs.forEach((key, n) -> {
            kll.update(asDouble(key), n);
            hll.update(key);
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
            exactStrings.keySet().forEach(hll::update);
            exactStrings = null;
        }
        hll.update(s);
    }

    ColumnProfile finish() {
        boolean text = type == ColumnType.STRING;
        boolean exactDistinct = text ? exactStrings != null : exactLongs != null;
        if (exactLongs != null && !quantilesFromExact) {
            exactLongs.forEach((key, n) -> kll.update(asDouble(key), n));
            quantilesFromExact = true;
        }
        long distinct = exactDistinct ? (text ? exactStrings.size() : exactLongs.size()) : Math.round(hll.getEstimate());
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
        return kll.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
    }

    /** Equal-width bins between min and max; counts from the KLL sketch (exact for small columns). */
    private List<ColumnProfile.Bin> histogram() {
        double low = kll.getMinItem();
        double high = kll.getMaxItem();
        long n = kll.getN();
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
        double[] cdf = kll.getCDF(splits, QuantileSearchCriteria.EXCLUSIVE);
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
