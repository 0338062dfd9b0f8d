package org.dataexplorer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/**
 * The latency floor of {@link PageLatencyBenchmark}: the same Jetty 12 (ee10) server and servlet layer as
 * {@link BenchServer}, with one servlet at {@code /data} that answers every GET with the same fixed JSON
 * page (the bytes of a real page saved by the benchmark), so what differs is only JAX-RS, the engine and
 * the JSON writer. {@code java -Xmx1g -cp <jetty jars + test classes>
 * org.dataexplorer.bench.FixedPageServer <port> <page.json>}.
 */
public final class FixedPageServer {

    private FixedPageServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] page = Files.readAllBytes(Path.of(args[1]));
        Server server = new Server(port);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/data");
        context.addServlet(new ServletHolder(new PageServlet(page)), "/*");
        server.setHandler(context);
        server.start();
        System.out.println("fixed page server ready on port " + port + " (" + page.length + " bytes)");
        server.join();
    }

    private static final class PageServlet extends HttpServlet {

        private final transient byte[] page;

        PageServlet(byte[] page) {
            this.page = page;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.setContentLength(page.length);
            response.getOutputStream().write(page);
        }
    }
}
