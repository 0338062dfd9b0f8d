package org.dataexplorer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.dataexplorer.testing.Prerequisite;

import org.junit.jupiter.api.Test;

/**
 * Deploys the built {@code target/data.war}, unchanged, into a standalone Tomcat 10.1 (Debian's
 * {@code tomcat10}) and a standalone Jetty 12 ({@code jetty-home}, unpacked by the build), each a real
 * process with the JVM's JMX remote connector, each set up with the files of {@code etc/} that ops copy: upload a
 * file, page it, read MBeans over JMX, switch read-only mode over JMX, stop the server gracefully (SIGTERM)
 * while a slow upload is still sending, start it again and find the dataset, and the cut upload failed and
 * cleaned. In a Tomcat listening on every interface the service (in none mode) refuses to start.
 * Skips with a reason when a server is missing, unless {@code CI=true}.
 */
class RealServersIT {

    private static final Path WAR = Path.of(System.getProperty("data.war", "target/data.war")).toAbsolutePath();
    private static final Path TARGET = WAR.getParent();
    private static final Path TOMCAT_HOME = Path.of(System.getProperty("tomcat.home", "/usr/share/tomcat10"));
    /** What etc/tomcat/data.xml tells ops to add to the HTTP connector of server.xml. */
    private static final String UPLOAD_READ_BUFFER = "socket.appReadBufSize=\"65536\"";
    private static final Path JETTY_HOME = TARGET.resolve("jetty-home/jetty-home-12.1.8");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final long GRACE_MS = 5_000;
    private static final String CSV = "city,population,founded\nLyon,522250,-43\nNantes,320732,-70\nLille,236710,640\n";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void tomcat() throws Exception {
        scenario(tomcat("real-servers/tomcat", "address=\"127.0.0.1\""));
    }

    /** In none mode the service refuses to start in a Tomcat whose connector listens on every interface. */
    @Test
    void tomcatOnEveryInterfaceRefusesDevelopmentMode() throws Exception {
        Server tomcat = tomcat("real-servers/tomcat-every-interface", "");
        tomcat.startRefused();
        try {
            String refusal = tomcat.log().lines().filter(l -> l.contains("The data service cannot start")).findFirst()
                    .orElseThrow();
            assertTrue(refusal.contains("auth.none.allow.remote=true") && refusal.contains("Tomcat")
                    && refusal.contains("*:" + tomcat.httpPort), refusal);
        } finally {
            tomcat.stop();
        }
    }

    /** A standalone Tomcat whose HTTP connector has {@code connectorAddress} (an attribute, or "" for every interface). */
    private Server tomcat(String relative, String connectorAddress) throws IOException {
        require(Files.isRegularFile(TOMCAT_HOME.resolve("bin/catalina.sh"))
                && Files.isDirectory(TOMCAT_HOME.resolve("etc")), "tomcat10 is not installed (" + TOMCAT_HOME + ")");
        Path base = fresh(relative);
        for (String dir : List.of("conf", "logs", "temp", "webapps", "work", "bin")) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> conf = Files.list(TOMCAT_HOME.resolve("etc"))) {
            for (Path file : conf.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
            }
        }
        // What ops copy from etc/: the JMX options come from setenv.sh (JMX_PORT, JMX_HOST), the context from
        // data.xml with only its docBase pointed at the WAR (kept outside webapps/, as the file says).
        Files.copy(Path.of("etc/tomcat/setenv.sh"), base.resolve("bin/setenv.sh"));
        Path war = Files.copy(WAR, base.resolve("data.war"));
        Path contextXml = Files.createDirectories(base.resolve("conf/Catalina/localhost")).resolve("data.xml");
        String context = Files.readString(Path.of("etc/tomcat/data.xml"));
        assertTrue(context.contains("docBase=\"/opt/data-service/data.war\""), context);
        Files.writeString(contextXml, context.replace("/opt/data-service/data.war", war.toString()));
        Server tomcat = new Server("tomcat", base, "Data service stopped") {
            @Override
            Process launch(int httpPort, int jmxPort) throws IOException {
                Path serverXml = base.resolve("conf/server.xml");
                String xml = Files.readString(TOMCAT_HOME.resolve("etc/server.xml"))
                        .replaceFirst("<Server port=\"\\d+\"", "<Server port=\"-1\"")
                        .replace("port=\"8080\"", "port=\"" + httpPort + "\" " + connectorAddress + " "
                                + UPLOAD_READ_BUFFER);
                Files.writeString(serverXml, xml);
                ProcessBuilder pb = new ProcessBuilder(TOMCAT_HOME.resolve("bin/catalina.sh").toString(), "run");
                Map<String, String> env = pb.environment();
                env.put("CATALINA_HOME", TOMCAT_HOME.toString());
                env.put("CATALINA_BASE", base.toString());
                env.put("CATALINA_TMPDIR", base.resolve("temp").toString());
                env.put("JAVA_HOME", System.getProperty("java.home"));
                env.put("JMX_PORT", Integer.toString(jmxPort));
                env.put("DATA_HEAP", "256m");
                dataEnvironment(env, base);
                return start(pb);
            }
        };
        return tomcat;
    }

    @Test
    void jetty() throws Exception {
        require(Files.isRegularFile(JETTY_HOME.resolve("start.jar")),
                "jetty-home is not unpacked at " + JETTY_HOME + " (run the build through pre-integration-test)");
        Path base = fresh("real-servers/jetty");
        Files.createDirectories(base.resolve("webapps"));
        Process setup = new ProcessBuilder(java(), "-jar", JETTY_HOME.resolve("start.jar").toString(),
                "jetty.home=" + JETTY_HOME, "jetty.base=" + base, "--add-modules=http,ee10-deploy")
                .directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("setup.log").toFile()).start();
        assertTrue(setup.waitFor(60, TimeUnit.SECONDS) && setup.exitValue() == 0,
                "jetty base setup failed: " + Files.readString(base.resolve("setup.log")));
        Files.copy(WAR, base.resolve("webapps/data.war"));
        // What ops copy from etc/: the context XML beside the WAR, jvm.ini, and data-service.ini with only the
        // connector, heap, JMX port and paths changed (see startD).
        Files.copy(Path.of("etc/jetty/data.xml"), base.resolve("webapps/data.xml"));
        Files.copy(Path.of("etc/jetty/jvm.ini"), base.resolve("start.d/jvm.ini"));
        Files.copy(Path.of("etc/jetty/data-upload-buffers.xml"),
                Files.createDirectories(base.resolve("etc")).resolve("data-upload-buffers.xml"));
        Files.copy(Path.of("conf/logging.properties"), base.resolve("logging.properties"));
        // JUL's own shutdown hook closes its handlers while Jetty's hook stops the context, so the service's
        // last log line can be lost: Jetty's own line after contextDestroyed returned is the evidence.
        Server jetty = new Server("jetty", base, "Stopped oeje10w.WebAppContext") {
            @Override
            Process launch(int httpPort, int jmxPort) throws IOException, InterruptedException {
                startD(base, httpPort, jmxPort);
                // The ini asks for a forked JVM (--exec); the command start.jar would fork is run directly, as
                // jetty.sh and service managers do, so SIGTERM reaches the server's JVM itself.
                Process dryRun = new ProcessBuilder(java(), "-jar", JETTY_HOME.resolve("start.jar").toString(),
                        "jetty.home=" + JETTY_HOME, "jetty.base=" + base, "--dry-run").directory(base.toFile())
                        .redirectErrorStream(true).start();
                String line = new String(dryRun.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                assertTrue(dryRun.waitFor(60, TimeUnit.SECONDS) && dryRun.exitValue() == 0, line);
                List<String> command = new ArrayList<>();
                for (String word : line.split("\\s+")) {
                    command.add(word.replaceAll("^'(.*)'$", "$1"));
                }
                assertTrue(command.contains("-Dcom.sun.management.jmxremote.port=" + jmxPort), line);
                // The upload buffer XML configures the connector jetty-http.xml made, so it must come after it.
                assertTrue(line.indexOf("data-upload-buffers.xml") > line.indexOf("jetty-http.xml")
                        && line.contains("jetty-http.xml"), line);
                ProcessBuilder pb = new ProcessBuilder(command).directory(base.toFile());
                dataEnvironment(pb.environment(), base);
                return start(pb);
            }
        };
        scenario(jetty);
    }

    /** The whole story on one server. */
    private void scenario(Server server) throws Exception {
        server.start();
        String id;
        String cutId = null;
        try {
            HttpResponse<String> upload = http.send(HttpRequest.newBuilder(server.url("/data/api/datasets?name=cities"))
                    .header("Content-Type", "text/csv").header("X-Request-Id", "it-upload-1")
                    .POST(HttpRequest.BodyPublishers.ofString(CSV)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, upload.statusCode(), server.name + ": " + upload.body());
            assertEquals("it-upload-1", upload.headers().firstValue("X-Request-Id").orElse(null));
            id = json(upload.body()).getString("id");

            JsonObject page = getJson(server, "/data/api/datasets/" + id + "/rows?page=2&pageSize=2");
            assertEquals(3, page.getInt("count"));
            assertEquals(1, page.getJsonArray("rows").size());
            assertEquals("Lille", page.getJsonArray("rows").getJsonArray(0).getString(0));

            HttpResponse<String> ready = get(server, "/data/api/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.headers().firstValue("X-Request-Id").isPresent(), "a request id is generated");
            String metrics = get(server, "/data/api/metrics").body();
            assertTrue(metrics.contains("dataexplorer_ingest_completed_total 1.0"), metrics);
            assertTrue(metrics.contains("dataexplorer_requests_seconds_count{kind=\"rows\"}"), metrics);

            try (JMXConnector jmx = server.jmx()) {
                MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
                assertEquals(1, mbeans.getAttribute(name("Datasets"), "Count"));
                assertEquals(1L, mbeans.getAttribute(name("Ingest"), "Completed"));
                assertTrue((long) mbeans.getAttribute(name("Queries"), "Count") >= 1);
                // Per-tier cache figures over the remote connector: the page read its columns through the
                // chunk cache, whose disk tier holds every entry.
                javax.management.openmbean.CompositeData[] tiers =
                        (javax.management.openmbean.CompositeData[]) mbeans.getAttribute(name("Cache"), "Tiers");
                // conf/ehcache.xml: heap and disk for each of the two caches.
                assertEquals(4, tiers.length, java.util.Arrays.toString(tiers));
                assertEquals("chunks", tiers[1].get("cache"));
                assertEquals("disk", tiers[1].get("tier"));
                assertTrue((long) tiers[1].get("entries") >= 1, tiers[1].toString());
                mbeans.setAttribute(name("Operations"), new Attribute("ReadOnly", true));
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(server.url("/data/api/datasets"))
                        .POST(HttpRequest.BodyPublishers.ofString(CSV)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, refused.statusCode(), refused.body());
                assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse("")
                        .replaceAll(";.*", ""));
                HttpResponse<String> delete = http.send(HttpRequest.newBuilder(server.url("/data/api/datasets/" + id))
                        .DELETE().build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, delete.statusCode(), delete.body());
                mbeans.setAttribute(name("Operations"), new Attribute("ReadOnly", false));
            }

            // An upload still sending when SIGTERM comes: cut off (at once, or after shutdown.grace.ms).
            String cutName = "cut-" + System.nanoTime();
            Thread sender = new Thread(() -> sendSlowly(server.url("/data/api/datasets?name=" + cutName)), "slow-upload");
            sender.setDaemon(true);
            sender.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (cutId == null && System.nanoTime() < deadline) {
                for (var d : getJson(server, "/data/api/datasets").getJsonArray("datasets").getValuesAs(JsonObject.class)) {
                    if (cutName.equals(d.getString("name")) && d.getJsonNumber("rowsParsed").longValue() > 0) {
                        cutId = d.getString("id");
                    }
                }
                Thread.sleep(100);
            }
            assertTrue(cutId != null, "the slow upload is being parsed");
        } finally {
            long t0 = System.nanoTime();
            server.stop();
            System.out.println("RealServersIT: " + server.name + " exited " + (System.nanoTime() - t0) / 1_000_000
                    + " ms after SIGTERM with an upload in progress (shutdown.grace.ms=" + GRACE_MS + ")");
        }
        assertTrue(server.log().contains(server.stoppedMarker),
                server.name + " did not stop the service gracefully:\n" + server.log());

        server.start();
        try {
            JsonObject summary = getJson(server, "/data/api/datasets/" + id);
            assertEquals("ready", summary.getString("status"));
            assertEquals(3, summary.getInt("rowCount"));
            JsonObject page = getJson(server, "/data/api/datasets/" + id + "/rows?page=1&pageSize=2");
            assertEquals("Lyon", page.getJsonArray("rows").getJsonArray(0).getString(0));
            try (JMXConnector jmx = server.jmx()) {
                assertEquals(1, jmx.getMBeanServerConnection().getAttribute(name("Datasets"), "Ready"));
                assertEquals(1, jmx.getMBeanServerConnection().getAttribute(name("Datasets"), "Failed"));
            }
            JsonObject cut = getJson(server, "/data/api/datasets/" + cutId);
            assertEquals("failed", cut.getString("status"), cut.toString());
            assertFalse(cut.getString("error", "").isBlank(), cut.toString());
            try (Stream<Path> files = Files.walk(server.base.resolve("data/datasets").resolve(cutId))) {
                List<String> left = files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                        .filter(n -> !n.equals("manifest.json") && !n.equals("rejects.jsonl")).toList();
                assertEquals(List.of(), left, "the cut upload's chunks and source are removed");
            }
        } finally {
            server.stop();
        }
        assertTrue(server.log().contains("request id=it-upload-1"), "the access log names the request id");
    }

    /** One server process, restartable; its output goes to {@code server.log} in its base. */
    private abstract class Server {
        final String name;
        final Path base;
        /** What the log shows once the web application was stopped (our listener's contextDestroyed ran). */
        final String stoppedMarker;
        private Process process;
        private int httpPort;
        private int jmxPort;

        Server(String name, Path base, String stoppedMarker) {
            this.name = name;
            this.base = base;
            this.stoppedMarker = stoppedMarker;
        }

        abstract Process launch(int httpPort, int jmxPort) throws IOException, InterruptedException;

        Process start(ProcessBuilder pb) throws IOException {
            return pb.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("server.log").toFile())).start();
        }

        void start() throws Exception {
            httpPort = freePort();
            jmxPort = freePort();
            process = launch(httpPort, jmxPort);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    fail(name + " exited with " + process.exitValue() + ":\n" + log());
                }
                try {
                    if (get(this, "/data/api/health").statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // Not listening yet.
                }
                Thread.sleep(250);
            }
            stop();
            fail(name + " did not answer /data/api/health within " + START_TIMEOUT + ":\n" + log());
        }

        /** Starts the server and waits until the service has refused to start (its web application answers nothing). */
        void startRefused() throws Exception {
            httpPort = freePort();
            jmxPort = freePort();
            process = launch(httpPort, jmxPort);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    fail(name + " exited with " + process.exitValue() + ":\n" + log());
                }
                if (log().contains("The data service cannot start")) {
                    try {
                        int status = get(this, "/data/api/health").statusCode();
                        assertTrue(status != 200, name + " answered /data/api/health");
                        return;
                    } catch (IOException notYet) {
                        // The connector starts after the web applications.
                    }
                }
                Thread.sleep(250);
            }
            stop();
            fail(name + " did not refuse to start within " + START_TIMEOUT + ":\n" + log());
        }

        /** SIGTERM: both servers stop their connectors and web applications in a shutdown hook. */
        void stop() throws Exception {
            if (process == null) {
                return;
            }
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(name + " did not stop within 60 s after SIGTERM:\n" + log());
            }
            process = null;
        }

        URI url(String path) {
            return URI.create("http://127.0.0.1:" + httpPort + path);
        }

        JMXConnector jmx() throws IOException {
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
            return JMXConnectorFactory.connect(url, new HashMap<>());
        }

        String log() throws IOException {
            Path log = base.resolve("server.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        }
    }

    /** etc/jetty/data-service.ini in the base's start.d, with this run's connector, heap, JMX port and paths. */
    private static void startD(Path base, int httpPort, int jmxPort) throws IOException {
        String ini = Files.readString(Path.of("etc/jetty/data-service.ini"));
        String[][] overrides = {
            {"jetty.http.host=0.0.0.0", "jetty.http.host=127.0.0.1"},
            {"jetty.http.port=8080", "jetty.http.port=" + httpPort},
            {"-Xmx1g", "-Xmx256m"},
            {"jetty.server.stopTimeout=10000", "jetty.server.stopTimeout=" + GRACE_MS},
            {"jmxremote.port=9010", "jmxremote.port=" + jmxPort},
            {"jmxremote.rmi.port=9010", "jmxremote.rmi.port=" + jmxPort},
            {"-Ddata.config.dir=/etc/data-service", "-Ddata.config.dir=" + base.resolve("data-conf")},
            {"/etc/data-service/logging.properties", base.resolve("logging.properties").toString()},
        };
        for (String[] o : overrides) {
            assertTrue(ini.contains(o[0]), "etc/jetty/data-service.ini no longer says " + o[0]);
            ini = ini.replace(o[0], o[1]);
        }
        Files.writeString(base.resolve("start.d/data-service.ini"), ini);
    }

    /** Streams rows, chunked, about 50 KB/s, until the connection dies (the server stops). */
    private static void sendSlowly(URI url) {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) url.toURL().openConnection();
            c.setDoOutput(true);
            c.setRequestMethod("POST");
            c.setRequestProperty("Content-Type", "text/csv");
            c.setChunkedStreamingMode(8 * 1024);
            try (java.io.OutputStream out = c.getOutputStream()) {
                out.write("n,word\n".getBytes(StandardCharsets.US_ASCII));
                for (long i = 0; ; i++) {
                    out.write((i + ",word-" + i % 13 + "\n").getBytes(StandardCharsets.US_ASCII));
                    if (i % 500 == 499) {
                        out.flush();
                        Thread.sleep(100);
                    }
                }
            }
        } catch (IOException | InterruptedException expected) {
            // the server went away
        }
    }

    /** Storage under the server's base (the environment overrides every other source of settings). */
    private static void dataEnvironment(Map<String, String> env, Path base) {
        env.keySet().removeIf(k -> k.startsWith("DATA_") && !k.equals("DATA_HEAP"));
        env.put("DATA_CONFIG_DIR", base.resolve("data-conf").toString());
        env.put("DATA_STORAGE_DIR", base.resolve("data/datasets").toString());
        env.put("DATA_CACHE_DIR", base.resolve("data/cache").toString());
        env.put("DATA_READY_MIN_FREE_BYTES", "1MB");
        env.put("DATA_SHUTDOWN_GRACE_MS", Long.toString(GRACE_MS));
        // The slow upload of the stop is slow on purpose: not a slowloris to cut off.
        env.put("DATA_UPLOAD_MIN_BYTES_PER_SECOND", "0");
        // The shipped configuration says auth.mode=token; this test drives the server unauthenticated (loopback).
        env.put("DATA_AUTH_MODE", "none");
    }

    private HttpResponse<String> get(Server server, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.url(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject getJson(Server server, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(server, path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return json(response.body());
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static ObjectName name(String type) throws Exception {
        return new ObjectName("org.dataexplorer:type=" + type);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path fresh(String relative) throws IOException {
        Path dir = TARGET.resolve(relative);
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        return dir;
    }

    private static void require(boolean present, String reason) {
        Prerequisite.require(present, "RealServersIT", reason);
    }
}
