package org.dataexplorer.ingest.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dataexplorer.store.ColumnType;
import org.junit.jupiter.api.Test;

/**
 * Chunks are inferred apart and joined in order: for any split of a column's values, merging the
 * parts' inferences must give exactly what observing all values one after the other gives.
 */
class TypeInferenceMergeTest {

    private static final String[] VALUES = {
        "1", "-7", "42", "1.5", "-0.25", "1e3", "99999999999999999999", "007", "+5", "true", "no", "YES",
        "2024-01-31", "2024-02-01 10:00:00", "2024-02-01T10:00:00", "2024-02-01T10:00:00Z",
        "2024-02-01 10:00:00+02:00", "01/02/2020", "13/02/2020", "02/13/2020", "1/2/2020 9:05",
        "2020/03/04", "04.03.2020", "04.03.2020 10:00", "abc", " 12 ", "", " "
    };

    @Test
    void mergingSplitInferencesEqualsOneSequentialPass() {
        Random random = new Random(77);
        for (int trial = 0; trial < 20_000; trial++) {
            int count = 1 + random.nextInt(8);
            List<byte[]> values = new ArrayList<>();
            // Mostly values from one family, so that interesting (non-string) outcomes are common.
            int family = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                String v = random.nextInt(6) == 0 ? VALUES[random.nextInt(VALUES.length)] : familyValue(family, random);
                values.add(v.getBytes(StandardCharsets.UTF_8));
            }
            TypeInference sequential = new TypeInference();
            values.forEach(v -> observe(sequential, v));

            TypeInference joined = new TypeInference();
            int from = 0;
            while (from < count) {
                int to = from + 1 + random.nextInt(count - from);
                TypeInference part = new TypeInference();
                for (int i = from; i < to; i++) {
                    observe(part, values.get(i));
                }
                if (random.nextInt(5) == 0) {
                    joined.merge(new TypeInference()); // a chunk where the column is all null
                }
                joined.merge(part);
                from = to;
            }
            String context = values.stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList().toString();
            assertEquals(sequential.type(), joined.type(), context);
            assertEquals(sequential.format(), joined.format(), context);
            assertEquals(sequential.observed(), joined.observed(), context);
        }
    }

    @Test
    void mergeJoinsTypesAndIntersectsDateLayouts() {
        TypeInference ints = infer("1", "2");
        ints.merge(infer("2.5"));
        assertEquals(ColumnType.FLOAT, ints.type());

        TypeInference dayFirst = infer("01/02/2020");
        dayFirst.merge(infer("02/13/2020"));
        assertEquals("MM/dd/yyyy", dayFirst.format());

        TypeInference dates = infer("2024-01-01");
        dates.merge(infer("2024-01-01 10:00:00"));
        assertEquals(ColumnType.TIMESTAMP, dates.type());

        TypeInference mixed = infer("true");
        mixed.merge(infer("1"));
        assertEquals(ColumnType.STRING, mixed.type());
    }

    private static TypeInference infer(String... values) {
        TypeInference inference = new TypeInference();
        for (String v : values) {
            observe(inference, v.getBytes(StandardCharsets.UTF_8));
        }
        return inference;
    }

    private static void observe(TypeInference inference, byte[] value) {
        if (value.length > 0) {
            inference.observe(value, 0, value.length);
        }
    }

    private static String familyValue(int family, Random random) {
        return switch (family) {
            case 0 -> random.nextBoolean() ? Integer.toString(random.nextInt(1000) - 500)
                    : String.format("%.2f", random.nextDouble() * 100);
            case 1 -> String.format("%02d/%02d/2020%s", 1 + random.nextInt(28), 1 + random.nextInt(12),
                    random.nextInt(3) == 0 ? " 10:30" : "");
            case 2 -> String.format("2024-%02d-%02d%s", 1 + random.nextInt(12), 1 + random.nextInt(28),
                    switch (random.nextInt(4)) {
                        case 0 -> "";
                        case 1 -> " 10:00:00";
                        case 2 -> "T10:00:00";
                        default -> "T10:00:00Z";
                    });
            default -> random.nextBoolean() ? "yes" : "false";
        };
    }
}
