package org.dataexplorer.ingest.sniff;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns raw header cells into unique, non-empty column names. */
public final class ColumnNames {

    private ColumnNames() {
    }

    /**
     * Trims each name; an empty one becomes {@code column_N} (N = 1-based position); repeats get
     * {@code _2}, {@code _3}… A generated name never takes a name written explicitly anywhere in the
     * header: {@code ["a", "a", "a_2"]} → {@code ["a", "a_3", "a_2"]}. Null entries count as empty.
     */
    public static List<String> uniquify(List<String> raw) {
        Set<String> explicit = new HashSet<>();
        for (String name : raw) {
            String trimmed = trim(name);
            if (!trimmed.isEmpty()) {
                explicit.add(trimmed);
            }
        }
        Set<String> used = new HashSet<>();
        List<String> names = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String trimmed = trim(raw.get(i));
            String name;
            if (trimmed.isEmpty()) {
                name = free("column_" + (i + 1), used, explicit, true);
            } else if (used.contains(trimmed)) {
                name = free(trimmed, used, explicit, false);
            } else {
                name = trimmed;
            }
            used.add(name);
            names.add(name);
        }
        return names;
    }

    private static String free(String base, Set<String> used, Set<String> explicit, boolean tryBase) {
        if (tryBase && !used.contains(base) && !explicit.contains(base)) {
            return base;
        }
        for (int n = 2; ; n++) {
            String candidate = base + "_" + n;
            if (!used.contains(candidate) && !explicit.contains(candidate)) {
                return candidate;
            }
        }
    }

    private static String trim(String name) {
        return name == null ? "" : name.strip();
    }
}
