package org.dataexplorer.api.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.dataexplorer.api.problems.Problem;
import org.dataexplorer.api.problems.ProblemJson;

/**
 * The servlet behind the upload routes. {@link UploadFilter} answers POSTs and JAX-RS the rest, so
 * this is reached only by methods neither serves; it exists so that the chain of the upload routes
 * ends in an async-capable servlet on every container.
 */
public final class UploadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Problem problem = Problem.of(405, "Method not allowed", request.getMethod() + " is not allowed here");
        byte[] body = ProblemJson.toJson(problem).getBytes(StandardCharsets.UTF_8);
        response.setStatus(405);
        response.setHeader("Allow", "GET, POST");
        response.setContentType(Problem.MEDIA_TYPE);
        response.getOutputStream().write(body);
    }
}
