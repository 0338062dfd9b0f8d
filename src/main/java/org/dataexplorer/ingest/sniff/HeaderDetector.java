package org.dataexplorer.ingest.sniff;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dataexplorer.ingest.parse.TypeInference;
import org.dataexplorer.store.ColumnType;

/**
 * Decides whether the first record holds column names, in the manner of Python's
 * {@code csv.Sniffer.has_header}: each column votes. A typed column (number, date, boolean) votes
 * for a header when the first cell does not fit the type of the cells below it, against when it
 * does. A text column whose cells below all have one length votes for a header when the first
 * cell's length differs, against when it is the same. Duplicate names in the first record vote
 * against. A tie means header, because most files have one.
 */
final class HeaderDetector {

    private HeaderDetector() {
    }

    static boolean hasHeader(List<List<String>> records) {
        if (records.isEmpty()) {
            return true;
        }
        List<String> first = records.get(0);
        if (records.size() == 1) {
            for (String cell : first) {
                if (!cell.isBlank() && typeOf(cell) != ColumnType.STRING) {
                    return false;
                }
            }
            return true;
        }
        int votes = 0;
        Set<String> seen = new HashSet<>();
        for (String cell : first) {
            if (!cell.isBlank() && !seen.add(cell.strip())) {
                votes--;
                break;
            }
        }
        for (int col = 0; col < first.size(); col++) {
            String head = first.get(col);
            if (head.isBlank()) {
                continue;
            }
            TypeInference below = new TypeInference();
            int length = -1;
            boolean sameLength = true;
            for (int r = 1; r < records.size(); r++) {
                List<String> row = records.get(r);
                if (col >= row.size() || row.get(col).isEmpty()) {
                    continue;
                }
                String cell = row.get(col);
                observe(below, cell);
                if (length == -1) {
                    length = cell.length();
                } else if (length != cell.length()) {
                    sameLength = false;
                }
            }
            if (below.observed() == 0) {
                continue;
            }
            if (below.type() != ColumnType.STRING) {
                votes += fitsBelow(head, records, col) ? -1 : 1;
            } else if (sameLength) {
                votes += head.length() == length ? -1 : 1;
            }
        }
        return votes >= 0;
    }

    private static boolean fitsBelow(String head, List<List<String>> records, int col) {
        TypeInference all = new TypeInference();
        observe(all, head);
        for (int r = 1; r < records.size(); r++) {
            List<String> row = records.get(r);
            if (col < row.size() && !row.get(col).isEmpty()) {
                observe(all, row.get(col));
            }
        }
        return all.type() != ColumnType.STRING;
    }

    private static ColumnType typeOf(String cell) {
        TypeInference t = new TypeInference();
        observe(t, cell);
        return t.type();
    }

    private static void observe(TypeInference inference, String cell) {
        byte[] bytes = cell.getBytes(StandardCharsets.UTF_8);
        inference.observe(bytes, 0, bytes.length);
    }
}
