package org.dataexplorer.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;

/**
 * The Arrow IPC streaming format, in record batches of {@value #BATCH_ROWS} rows: Int64, Float64, Bool,
 * Date32 (days), Timestamp(µs, "UTC" when the source carried offsets), Utf8. Arrow's memory layer needs
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED} on Java 17+: check {@link #unavailableReason()} first.
 */
final class ArrowRowWriter implements RowWriter {

    static final int BATCH_ROWS = 16_384;
    static final String FLAG = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    private static final long MAX_ALLOCATION = 512L << 20;

    /** Why Arrow cannot run in this JVM, or null when it can. */
    static String unavailableReason() {
        if (ByteBuffer.class.getModule().isOpen("java.nio", ArrowRowWriter.class.getModule())) {
            return null;
        }
        return "Arrow export needs the JVM flag " + FLAG + " (Apache Arrow reads direct buffer addresses); "
                + "the server was started without it. Add it to the JVM options (CATALINA_OPTS in setenv.sh, "
                + "JAVA_OPTIONS for Jetty, MAVEN_OPTS for mvn jetty:run)";
    }

    static Schema schema(List<ColumnSchema> columns) {
        List<Field> fields = new ArrayList<>(columns.size());
        for (ColumnSchema c : columns) {
            ArrowType type = switch (c.type()) {
                case INTEGER -> new ArrowType.Int(64, true);
                case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
                case BOOLEAN -> ArrowType.Bool.INSTANCE;
                case DATE -> new ArrowType.Date(DateUnit.DAY);
                case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, ParquetRowWriter.utc(c) ? "UTC" : null);
                case STRING -> ArrowType.Utf8.INSTANCE;
            };
            fields.add(new Field(c.name(), FieldType.nullable(type), null));
        }
        return new Schema(fields);
    }

    @Override
    public void write(RowCursor rows, OutputStream out) throws IOException {
        List<ColumnSchema> columns = rows.columns();
        int n = columns.size();
        byte[] scratch = new byte[256];
        try (BufferAllocator allocator = new RootAllocator(MAX_ALLOCATION);
             VectorSchemaRoot root = VectorSchemaRoot.create(schema(columns), allocator);
             ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
            List<FieldVector> vectors = root.getFieldVectors();
            writer.start();
            boolean more = rows.next();
            while (more) {
                root.allocateNew();
                int count = 0;
                for (; more && count < BATCH_ROWS; more = rows.next(), count++) {
                    int r = rows.row();
                    for (int c = 0; c < n; c++) {
                        ColumnChunk chunk = rows.column(c);
                        FieldVector v = vectors.get(c);
                        if (chunk.isNull(r)) {
                            v.setNull(count);
                            continue;
                        }
                        switch (columns.get(c).type()) {
                            case INTEGER -> ((BigIntVector) v).setSafe(count, chunk.getLong(r));
                            case FLOAT -> ((Float8Vector) v).setSafe(count, chunk.getDouble(r));
                            case BOOLEAN -> ((BitVector) v).setSafe(count, chunk.getBoolean(r) ? 1 : 0);
                            case DATE -> ((DateDayVector) v).setSafe(count, Math.toIntExact(chunk.getLong(r)));
                            case TIMESTAMP -> {
                                if (v instanceof TimeStampMicroTZVector tz) {
                                    tz.setSafe(count, chunk.getLong(r));
                                } else {
                                    ((TimeStampMicroVector) v).setSafe(count, chunk.getLong(r));
                                }
                            }
                            case STRING -> {
                                int len = chunk.utf8Length(r);
                                if (len > scratch.length) {
                                    scratch = new byte[Math.max(len, scratch.length * 2)];
                                }
                                chunk.copyUtf8(r, scratch, 0);
                                ((VarCharVector) v).setSafe(count, scratch, 0, len);
                            }
                        }
                    }
                }
                for (FieldVector v : vectors) {
                    v.setValueCount(count);
                }
                root.setRowCount(count);
                writer.writeBatch();
            }
            writer.end();
        }
        out.flush();
    }
}
