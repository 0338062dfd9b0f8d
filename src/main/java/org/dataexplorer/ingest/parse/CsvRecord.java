package org.dataexplorer.ingest.parse;

import java.nio.charset.StandardCharsets;

/**
 * One record as the tokenizer left it: the unescaped bytes of every field, back to back in a
 * reused buffer. Valid only until the next call to {@link CsvTokenizer#next(CsvRecord)}; callers
 * copy what they keep.
 */
public final class CsvRecord {

    byte[] data = new byte[4096];
    int[] starts = new int[64];
    int[] ends = new int[64];
    boolean[] quoted = new boolean[64];
    int fieldCount;
    long line;
    long byteOffset;
    long byteEnd;
    /** A problem the tokenizer repaired in this record (text after a closing quote, quote open at EOF), else null. */
    String defect;
    int defectField = -1;

    public int fieldCount() {
        return fieldCount;
    }

    public byte[] data() {
        return data;
    }

    public int start(int field) {
        return starts[field];
    }

    public int length(int field) {
        return ends[field] - starts[field];
    }

    public boolean isQuoted(int field) {
        return quoted[field];
    }

    /** 1-based physical line where the record starts. */
    public long line() {
        return line;
    }

    /** Byte offset of the record's first byte in the tokenized stream. */
    public long byteOffset() {
        return byteOffset;
    }

    /** Byte offset just past the record, its line ending included. */
    public long byteEnd() {
        return byteEnd;
    }

    public String defect() {
        return defect;
    }

    /** 0-based field the defect is in, or -1. */
    public int defectField() {
        return defectField;
    }

    /** Allocates; for headers, messages and tests. */
    public String text(int field) {
        return new String(data, starts[field], length(field), StandardCharsets.UTF_8);
    }
}
