package org.dataexplorer.api.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.dataexplorer.api.problems.Problem;
import org.dataexplorer.api.problems.ProblemJson;

/**
 * Bounds every request body JAX-RS reads (JSON queries, exports, Graphic Walker payloads; uploads never reach
 * JAX-RS): at most {@code json.max.bytes} bytes (413; the rest is not read) and {@code json.max.depth} levels
 * of nested arrays and objects (400), checked before any parser sees the body.
 */
public final class JsonBodyLimits implements ReaderInterceptor {

    private final long maxBytes;
    private final int maxDepth;

    public JsonBodyLimits(long maxBytes, int maxDepth) {
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body = readBounded(context.getInputStream());
        int depth = depth(body);
        if (depth > maxDepth) {
            throw problem(Problem.of(400, "Invalid request body", "The JSON body nests " + depth
                    + " levels deep or more; at most " + maxDepth + " are allowed (json.max.depth)"));
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    private byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > maxBytes) {
                throw problem(Problem.of(413, "Request body too large",
                        "The request body is larger than " + maxBytes + " bytes (json.max.bytes)"));
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** The deepest nesting of arrays and objects, outside strings (stops counting past the limit). */
    int depth(byte[] json) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                deepest = Math.max(deepest, ++depth);
                if (deepest > maxDepth) {
                    return deepest;
                }
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return deepest;
    }

    private static WebApplicationException problem(Problem p) {
        return new WebApplicationException(p.detail(), Response.status(p.status()).type(Problem.MEDIA_TYPE)
                .entity(ProblemJson.toJson(p)).build());
    }
}
