package org.dataexplorer.query.agg;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The cache form of a {@link GroupResult}: typed cells (null, Long, Double, Boolean, String) with tags. */
final class GroupCodec {

    private GroupCodec() {
    }

    static byte[] encode(GroupResult r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(r.rowCount());
            out.writeLong(r.groups());
            out.writeInt(r.columns().size());
            for (String c : r.columns()) {
                out.writeUTF(c);
            }
            out.writeInt(r.rows().size());
            for (Object[] row : r.rows()) {
                for (Object v : row) {
                    if (v == null) {
                        out.writeByte(0);
                    } else if (v instanceof Long l) {
                        out.writeByte(1);
                        out.writeLong(l);
                    } else if (v instanceof Double d) {
                        out.writeByte(2);
                        out.writeDouble(d);
                    } else if (v instanceof Boolean b) {
                        out.writeByte(3);
                        out.writeBoolean(b);
                    } else {
                        byte[] utf8 = v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        out.writeByte(4);
                        out.writeInt(utf8.length);
                        out.write(utf8);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static GroupResult decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            long rowCount = in.readLong();
            long groups = in.readLong();
            int width = in.readInt();
            List<String> columns = new ArrayList<>(width);
            for (int i = 0; i < width; i++) {
                columns.add(in.readUTF());
            }
            int n = in.readInt();
            List<Object[]> rows = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                Object[] row = new Object[width];
                for (int c = 0; c < width; c++) {
                    row[c] = switch (in.readByte()) {
                        case 0 -> null;
                        case 1 -> in.readLong();
                        case 2 -> in.readDouble();
                        case 3 -> in.readBoolean();
                        default -> {
                            byte[] utf8 = new byte[in.readInt()];
                            in.readFully(utf8);
                            yield new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
                        }
                    };
                }
                rows.add(row);
            }
            return new GroupResult(rowCount, groups, columns, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
