package org.dataexplorer.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a caller may do. Each scope implies the ones before it: admin ⊃ write ⊃ read. */
public enum Scope {
    READ, WRITE, ADMIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named, or null for a name this service does not know (ignored, as OAuth does). */
    public static Scope parse(String name) {
        return switch (name) {
            case "read" -> READ;
            case "write" -> WRITE;
            case "admin" -> ADMIN;
            default -> null;
        };
    }

    /** Every scope that {@code granted} implies. */
    public static Set<Scope> closure(Set<Scope> granted) {
        EnumSet<Scope> all = EnumSet.noneOf(Scope.class);
        for (Scope s : granted) {
            for (Scope t : values()) {
                if (t.ordinal() <= s.ordinal()) {
                    all.add(t);
                }
            }
        }
        return Set.copyOf(all);
    }
}
