package org.dataexplorer.api.ops;

import java.io.IOException;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Counts the body bytes written through this wrapper. Code that writes to the unwrapped response (an
 * async context started without arguments does) is not counted: then the Content-Length header is used.
 */
final class CountingResponse extends HttpServletResponseWrapper {

    private volatile long written;
    private ServletOutputStream stream;

    CountingResponse(HttpServletResponse response) {
        super(response);
    }

    long bytesWritten() {
        if (written > 0) {
            return written;
        }
        String length = getHeader("Content-Length");
        if (length != null) {
            try {
                return Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new Counting(super.getOutputStream());
        }
        return stream;
    }

    private final class Counting extends ServletOutputStream {
        private final ServletOutputStream out;

        Counting(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
