package org.dataexplorer.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import org.dataexplorer.store.ColumnChunk;
import org.dataexplorer.store.ColumnSchema;

/**
 * Parquet with typed, optional columns: INT64, DOUBLE, BOOLEAN, DATE (INT32), TIMESTAMP (INT64 micros,
 * adjusted to UTC when the source carried offsets), STRING (BINARY UTF-8); Snappy pages. Row groups are
 * kept small ({@value #ROW_GROUP_BYTES} bytes) since a row group is buffered in memory until it is written.
 * No Hadoop file system is involved: the file is written straight to the response stream.
 */
final class ParquetRowWriter implements RowWriter {

    static final int ROW_GROUP_BYTES = 16 << 20;

    private final String name;

    ParquetRowWriter(String name) {
        this.name = name;
    }

    static MessageType schema(List<ColumnSchema> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (ColumnSchema c : columns) {
            switch (c.type()) {
                case INTEGER -> b.optional(PrimitiveTypeName.INT64).named(c.name());
                case FLOAT -> b.optional(PrimitiveTypeName.DOUBLE).named(c.name());
                case BOOLEAN -> b.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
                case DATE -> b.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(c.name());
                case TIMESTAMP -> b.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(utc(c), LogicalTypeAnnotation.TimeUnit.MICROS))
                        .named(c.name());
                case STRING -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(c.name());
            }
        }
        return b.named("schema");
    }

    static boolean utc(ColumnSchema c) {
        return c.format() != null && c.format().contains("XXX");
    }

    @Override
    public void write(RowCursor rows, OutputStream out) throws IOException {
        MessageType schema = schema(rows.columns());
        try (ParquetWriter<RowCursor> writer = new Builder(new StreamFile(out), schema)
                .withConf(new PlainParquetConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize((long) ROW_GROUP_BYTES)
                .withDictionaryEncoding(true)
                .withExtraMetaData(Map.of("created_by_dataset", name == null ? "" : name))
                .build()) {
            while (rows.next()) {
                writer.write(rows);
            }
        }
        out.flush();
    }

    private static final class Builder extends ParquetWriter.Builder<RowCursor, Builder> {
        private final MessageType schema;

        Builder(OutputFile file, MessageType schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<RowCursor> getWriteSupport(Configuration conf) {
            return new CursorWriteSupport(schema);
        }

        @Override
        protected WriteSupport<RowCursor> getWriteSupport(ParquetConfiguration conf) {
            return new CursorWriteSupport(schema);
        }
    }

    /** Writes the cursor's current row straight from the column chunks. */
    private static final class CursorWriteSupport extends WriteSupport<RowCursor> {
        private final MessageType schema;
        private RecordConsumer consumer;
        private byte[] scratch = new byte[256];

        CursorWriteSupport(MessageType schema) {
            this.schema = schema;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(RowCursor rows) {
            List<ColumnSchema> columns = rows.columns();
            int r = rows.row();
            consumer.startMessage();
            for (int c = 0; c < columns.size(); c++) {
                ColumnChunk chunk = rows.column(c);
                if (chunk.isNull(r)) {
                    continue;
                }
                ColumnSchema column = columns.get(c);
                consumer.startField(column.name(), c);
                switch (column.type()) {
                    case INTEGER, TIMESTAMP -> consumer.addLong(chunk.getLong(r));
                    case FLOAT -> consumer.addDouble(chunk.getDouble(r));
                    case BOOLEAN -> consumer.addBoolean(chunk.getBoolean(r));
                    case DATE -> consumer.addInteger(Math.toIntExact(chunk.getLong(r)));
                    case STRING -> {
                        int len = chunk.utf8Length(r);
                        if (len > scratch.length) {
                            scratch = new byte[Math.max(len, scratch.length * 2)];
                        }
                        chunk.copyUtf8(r, scratch, 0);
                        consumer.addBinary(Binary.fromReusedByteArray(scratch, 0, len));
                    }
                }
                consumer.endField(column.name(), c);
            }
            consumer.endMessage();
        }
    }

    /** An {@link OutputFile} over a stream that is only appended to; closing it does not close the stream. */
    private static final class StreamFile implements OutputFile {
        private final OutputStream out;

        StreamFile(OutputStream out) {
            this.out = out;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return "stream";
        }
    }
}
