package org.dataexplorer.deploy;

import java.nio.file.Path;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The built WAR at {@code /data} in a Jetty 12 (ee10) of its own process, listening on the loopback only:
 * {@code java -cp <test classpath> org.dataexplorer.deploy.LoopbackJetty target/data.war 8099}. Settings come
 * from the environment ({@code DATA_*}) as in production.
 */
public final class LoopbackJetty {

    private LoopbackJetty() {
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(Integer.parseInt(args[1]));
        server.addConnector(http);
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/data");
        webapp.setWar(Path.of(args[0]).toAbsolutePath().toString());
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        server.setStopAtShutdown(true);
        try {
            server.start();
        } catch (Exception failed) {
            // e.g. the service refused its configuration: end the process so the test sees it at once
            failed.printStackTrace();
            server.stop();
            System.exit(1);
        }
        System.out.println("data service listening on 127.0.0.1:" + http.getLocalPort());
        server.join();
    }
}
