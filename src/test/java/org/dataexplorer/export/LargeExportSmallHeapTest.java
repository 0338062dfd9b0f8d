package org.dataexplorer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports of a million rows in a JVM with a 64 MB heap (memory does not grow with the export); the Arrow flag check. */
class LargeExportSmallHeapTest {

    static final int ROWS = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void aMillionRowsExportInEveryFormatWithASmallHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Djava.io.tmpdir=" + dir,
                "-cp", System.getProperty("java.class.path"), LargeExportMain.class.getName(), dir.toString(),
                String.valueOf(ROWS));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] output;
        try {
            output = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the export JVM did not finish");
        } finally {
            p.destroyForcibly();
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("OK maxHeap="), text);

        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(id), count(amount), min(day), max(label) FROM "
                     + "read_parquet('" + dir.resolve("large.parquet").toString().replace("'", "''") + "')")) {
            assertTrue(rs.next());
            assertEquals(ROWS, rs.getLong(1));
            assertEquals((long) ROWS * (ROWS - 1) / 2, rs.getLong(2));
            assertEquals(ROWS - (ROWS + 6) / 7, rs.getLong(3));
            assertEquals("2000-01-10", rs.getObject(4).toString());
            assertEquals("Épée", rs.getString(5));
        }
    }

    @Test
    void arrowIsRefusedNamingTheFlagWhenTheJvmLacksIt() throws Exception {
        assertTrue(run(false).startsWith("unavailable: Arrow export needs the JVM flag "
                + "--add-opens=java.base/java.nio=ALL-UNNAMED"));
        assertEquals("available", run(true).trim());
    }

    private static String run(boolean withFlag) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = withFlag
                ? new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp",
                        System.getProperty("java.class.path"), ArrowFlagMain.class.getName())
                : new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ArrowFlagMain.class.getName());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
