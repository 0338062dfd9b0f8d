package org.dataexplorer.ingest.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.dataexplorer.store.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TypeInferenceTest {

    private static TypeInference infer(String... values) {
        TypeInference inference = new TypeInference();
        for (String v : values) {
            observe(inference, v);
        }
        return inference;
    }

    private static void observe(TypeInference inference, String value) {
        byte[] b = ("<" + value + ">").getBytes(StandardCharsets.UTF_8);
        inference.observe(b, 1, b.length - 2);
    }

    private static boolean parses(String pattern, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        return TemporalLayout.of(pattern).matches(b, 0, b.length);
    }

    @Test
    void nothingObservedIsString() {
        TypeInference inference = new TypeInference();
        assertEquals(ColumnType.STRING, inference.type());
        assertNull(inference.format());
        assertEquals(0, inference.observed());
    }

    @Test
    void integersThenOneDecimalIsFloat() {
        TypeInference inference = new TypeInference();
        for (int i = 0; i < 100_000; i++) {
            observe(inference, Integer.toString(i * 7 - 350_000));
        }
        assertEquals(ColumnType.INTEGER, inference.type());
        observe(inference, "3.5");
        assertEquals(ColumnType.FLOAT, inference.type());
        assertEquals(100_001, inference.observed());
        observe(inference, "12");
        assertEquals(ColumnType.FLOAT, inference.type());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|INTEGER", "-0|INTEGER", "42|INTEGER", "-9223372036854775808|INTEGER", "9223372036854775807|INTEGER",
        "9223372036854775808|FLOAT", "-9223372036854775809|FLOAT", "123456789012345678901234|FLOAT",
        "007|STRING", "08123|STRING", "+5|STRING", "00.5|STRING", "1.5|FLOAT", "-.5|FLOAT", "1e10|FLOAT",
        "2.5E-3|FLOAT", "1e|STRING", "inf|STRING", "NaN|STRING", "1,5|STRING",
        "true|BOOLEAN", "FALSE|BOOLEAN", "Yes|BOOLEAN", "no|BOOLEAN", "y|STRING", "abc|STRING",
        "2024-03-01|DATE", "2024-03-01T10:00|TIMESTAMP"})
    void classifiesSingleValues(String value, ColumnType expected) {
        assertEquals(expected, infer(value).type());
    }

    @Test
    void leadingZeroCodesStayString() {
        assertEquals(ColumnType.STRING, infer("1", "2", "007").type());
        assertEquals(ColumnType.STRING, infer("007", "1").type());
    }

    @Test
    void overflowingIntegerPromotesToFloat() {
        TypeInference inference = infer("1", "2", "99999999999999999999");
        assertEquals(ColumnType.FLOAT, inference.type());
    }

    @Test
    void booleansMixedWithOtherValuesAreString() {
        assertEquals(ColumnType.BOOLEAN, infer("true", "no", "YES", "False").type());
        assertEquals(ColumnType.STRING, infer("true", "1").type());
        assertEquals(ColumnType.STRING, infer("1", "true").type());
    }

    @Test
    void mixedFamiliesAreString() {
        assertEquals(ColumnType.STRING, infer("1", "2024-01-01").type());
        assertEquals(ColumnType.STRING, infer("2024-01-01", "5").type());
        assertEquals(ColumnType.STRING, infer("1.5", "x").type());
        assertEquals(ColumnType.STRING, infer("2024-01-01", "hello").type());
        assertNull(infer("2024-01-01", "hello").format());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-03-01|DATE|yyyy-MM-dd",
        "2024/03/01|DATE|yyyy/MM/dd",
        "25/03/2024|DATE|dd/MM/yyyy",
        "03/25/2024|DATE|MM/dd/yyyy",
        "25.03.2024|DATE|dd.MM.yyyy",
        "2024-03-01 13:45|TIMESTAMP|yyyy-MM-dd HH:mm[:ss[.SSSSSS]]",
        "2024-03-01 13:45:10|TIMESTAMP|yyyy-MM-dd HH:mm[:ss[.SSSSSS]]",
        "2024-03-01T13:45:10.123|TIMESTAMP|yyyy-MM-dd'T'HH:mm[:ss[.SSSSSS]]",
        "2024-03-01T13:45:10Z|TIMESTAMP|yyyy-MM-dd'T'HH:mm[:ss[.SSSSSS]]XXX",
        "2024-03-01T13:45:10+02:00|TIMESTAMP|yyyy-MM-dd'T'HH:mm[:ss[.SSSSSS]]XXX",
        "2024-03-01 13:45:10+0200|TIMESTAMP|yyyy-MM-dd HH:mm[:ss[.SSSSSS]]XXX",
        "25/03/2024 13:45|TIMESTAMP|dd/MM/yyyy HH:mm[:ss[.SSSSSS]]",
        "03/25/2024 13:45:10|TIMESTAMP|MM/dd/yyyy HH:mm[:ss[.SSSSSS]]",
        "2024/03/25 13:45|TIMESTAMP|yyyy/MM/dd HH:mm[:ss[.SSSSSS]]",
        "25.03.2024 13:45:10|TIMESTAMP|dd.MM.yyyy HH:mm[:ss[.SSSSSS]]"})
    void detectsEveryDateLayout(String value, ColumnType type, String format) {
        TypeInference inference = infer(value, value);
        assertEquals(type, inference.type());
        assertEquals(format, inference.format());
        assertTrue(parses(inference.format(), value));
    }

    @Test
    void ambiguousDayMonthPrefersDayFirstUntilRuledOut() {
        assertEquals("dd/MM/yyyy", infer("01/02/2020").format());
        TypeInference dayFirst = infer("01/02/2020", "13/02/2020");
        assertEquals(ColumnType.DATE, dayFirst.type());
        assertEquals("dd/MM/yyyy", dayFirst.format());
        TypeInference monthFirst = infer("01/02/2020", "02/13/2020");
        assertEquals(ColumnType.DATE, monthFirst.type());
        assertEquals("MM/dd/yyyy", monthFirst.format());
        byte[] b = "01/02/2020".getBytes(StandardCharsets.UTF_8);
        assertEquals(LocalDate.of(2020, 1, 2).toEpochDay(),
                TemporalLayout.of(monthFirst.format()).parseEpochDay(b, 0, b.length));
    }

    @Test
    void contradictoryDayMonthIsString() {
        assertEquals(ColumnType.STRING, infer("13/02/2020", "02/13/2020").type());
    }

    @Test
    void invalidCalendarDateIsString() {
        assertEquals(ColumnType.STRING, infer("2021-02-30").type());
        assertEquals(ColumnType.STRING, infer("2021-02-28", "2021-02-29").type());
        assertEquals(ColumnType.DATE, infer("2020-02-28", "2020-02-29").type());
        assertEquals(ColumnType.STRING, infer("2021-01-01 25:00").type());
    }

    @Test
    void dateThenTimestampIsTimestampWhoseFormatParsesBoth() {
        TypeInference inference = infer("2024-03-01", "2024-03-02", "2024-03-02 10:15:00");
        assertEquals(ColumnType.TIMESTAMP, inference.type());
        String format = inference.format();
        assertTrue(parses(format, "2024-03-01"), format);
        assertTrue(parses(format, "2024-03-02 10:15:00"), format);

        TypeInference dayFirst = infer("13/02/2020 08:00", "01/02/2020");
        assertEquals(ColumnType.TIMESTAMP, dayFirst.type());
        assertEquals("dd/MM/yyyy[ HH:mm[:ss[.SSSSSS]]]", dayFirst.format());
    }

    @Test
    void timestampOnlyColumnRequiresTime() {
        TypeInference inference = infer("2024-03-01 10:00", "2024-03-02 11:00:30");
        assertEquals("yyyy-MM-dd HH:mm[:ss[.SSSSSS]]", inference.format());
    }

    @Test
    void mixedLayoutsAreString() {
        assertEquals(ColumnType.STRING, infer("2024-03-01", "01/03/2024").type());
        assertEquals(ColumnType.STRING, infer("2024-03-01 10:00", "2024-03-01T10:00").type());
        assertEquals(ColumnType.STRING, infer("2024-03-01T10:00Z", "2024-03-01T10:00").type());
        assertEquals(ColumnType.STRING, infer("01.03.2024", "01/03/2024").type());
    }

    @Test
    void stringColumnStaysStringAndCountsObservations() {
        TypeInference inference = infer("abc", "1", "2024-01-01", "true");
        assertEquals(ColumnType.STRING, inference.type());
        assertEquals(4, inference.observed());
    }

    @Test
    void surroundingSpacesAreIgnored() {
        assertEquals(ColumnType.INTEGER, infer(" 1", "2 ").type());
        assertEquals(ColumnType.DATE, infer(" 2024-03-01 ").type());
    }
}
