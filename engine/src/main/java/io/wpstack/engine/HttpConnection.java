package io.wpstack.engine;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange (GET, Connection: close) over an already connected byte stream. The JDK's
 * HttpClient cannot speak over a Unix socket, and the Engine API needs only this much of HTTP.
 */
final class HttpConnection implements Closeable {
    private final Closeable channel;
    private final InputStream in;
    private final OutputStream out;

    HttpConnection(Closeable channel, InputStream in, OutputStream out) {
        this.channel = channel;
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.out = out;
    }

    record Response(int status, InputStream body) {}

    Response get(String path, String userAgent) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: docker\r\n"
                + "User-Agent: " + userAgent + "\r\n"
                + "Accept: application/json\r\n"
                + "Connection: close\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + abbreviate(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status line: " + abbreviate(statusLine), e);
        }
        boolean chunked = false;
        long length = -1;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals("transfer-encoding")
                    && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            } else if (name.equals("content-length")) {
                length = Long.parseLong(value);
            }
        }
        InputStream body = chunked ? new ChunkedInputStream(in) : length >= 0 ? new BoundedInputStream(in, length) : in;
        return new Response(status, body);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed in the middle of the HTTP headers");
            }
            if (line.size() > 16 * 1024) {
                throw new IOException("HTTP header line too long");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Decodes Transfer-Encoding: chunked. */
    private static final class ChunkedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (remaining == 0) {
                remaining = nextChunkSize();
                if (remaining == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("connection closed in the middle of a chunk");
            }
            remaining -= n;
            if (remaining == 0) {
                skipLineEnd();
            }
            return n;
        }

        private long nextChunkSize() throws IOException {
            StringBuilder size = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new EOFException("connection closed before a chunk size");
                }
                if (b != '\r') {
                    size.append((char) b);
                }
            }
            int extension = size.indexOf(";");
            String hex = (extension < 0 ? size.toString() : size.substring(0, extension)).strip();
            try {
                return Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + abbreviate(hex), e);
            }
        }

        private void skipLineEnd() throws IOException {
            int b = in.read();
            if (b == '\r') {
                b = in.read();
            }
            if (b != '\n') {
                throw new IOException("missing CRLF after a chunk");
            }
        }
    }

    /** A body of known Content-Length. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
