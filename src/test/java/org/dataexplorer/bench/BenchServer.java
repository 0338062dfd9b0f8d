package org.dataexplorer.bench;

import java.nio.file.Path;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.RequestLogWriter;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The built WAR in a real Jetty 12 (ee10) server, in its own process so the benchmark can read its
 * peak RSS: {@code java -Xmx256m -cp <jetty jars + test classes> org.dataexplorer.bench.BenchServer
 * target/data.war 8099 [host]}, listening on 127.0.0.1 unless another host is given ({@code 0.0.0.0}: every
 * interface). Settings come from {@code -Ddata.*} system properties as in production; the connector reads request
 * bodies 64 KB at a time as etc/jetty configures a standalone Jetty ({@code -Dbench.jetty.input.buffer} to change).
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Path war = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost(args.length > 2 ? args[2] : "127.0.0.1");
        http.setPort(port);
        // As etc/jetty/data-upload-buffers.xml configures a standalone Jetty (Jetty's own default is 8 KB).
        http.getConnectionFactory(HttpConnectionFactory.class)
                .setInputBufferSize(Integer.getInteger("bench.jetty.input.buffer", 65_536));
        server.addConnector(http);
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/data");
        webapp.setWar(war.toAbsolutePath().toString());
        server.setHandler(webapp);
        String requestLog = System.getProperty("bench.jetty.request.log");
        if (requestLog != null) {
            // Jetty's own time per request, from the request's first byte to the end of its answer: what the
            // service's access log measures plus Jetty's queues before and after the application.
            server.setRequestLog(new CustomRequestLog(new RequestLogWriter(requestLog), "%r %s jetty_us=%{us}T"));
        }
        server.start();
        System.out.println("bench server ready on port " + port);
        server.join();
    }
}
