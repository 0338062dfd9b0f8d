package org.dataexplorer.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import org.dataexplorer.config.ConfigException;
import org.dataexplorer.security.ListeningSocket;
import org.dataexplorer.security.NoneModeExposure;
import org.dataexplorer.security.SecuritySettings;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** Finding where the container listens (a real embedded Jetty 12; Tomcat's connector MBeans) and what none mode allows. */
class ContainerSocketsTest {

    /** Starts a Jetty with {@code hosts} as its connectors' hosts and returns what a context listener found. */
    private static Optional<List<ListeningSocket>> seenByJetty(String... hosts) throws Exception {
        Server server = new Server();
        for (String host : hosts) {
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(host);
            connector.setPort(0);
            server.addConnector(connector);
        }
        server.addConnector(new LocalConnector(server)); // not a network connector: no address
        ServletContextHandler context = new ServletContextHandler("/data");
        AtomicReference<Optional<List<ListeningSocket>>> seen = new AtomicReference<>();
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                seen.set(ContainerSockets.find(event.getServletContext(), MBeanServerFactory.newMBeanServer()));
            }
        });
        server.setHandler(context);
        server.start();
        try {
            return seen.get();
        } finally {
            server.stop();
        }
    }

    @Test
    void jettyConnectorsAreFoundThroughTheServletContext() throws Exception {
        List<ListeningSocket> sockets = seenByJetty("127.0.0.1", null).orElseThrow();
        assertEquals(2, sockets.size(), sockets.toString());
        assertEquals("127.0.0.1", sockets.get(0).host());
        assertTrue(sockets.get(0).loopbackOnly());
        assertTrue(sockets.get(0).connector().contains("ServerConnector"), sockets.get(0).connector());
        assertEquals(null, sockets.get(1).host(), "no host: every interface");
        assertFalse(sockets.get(1).loopbackOnly());
        assertTrue(sockets.get(1).where().startsWith("*:"), sockets.get(1).where());
    }

    @Test
    void tomcatConnectorsAreFoundAsMBeans() throws Exception {
        MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
        assertTrue(ContainerSockets.tomcat(mbeans).isEmpty(), "no connector MBeans: unknown");
        mbeans.registerMBean(new FakeConnector(InetAddress.getByName("127.0.0.1"), 8080),
                new ObjectName("Catalina:type=Connector,port=8080"));
        mbeans.registerMBean(new FakeConnector(null, 8009), new ObjectName("Tomcat:type=Connector,port=8009"));
        List<ListeningSocket> sockets = ContainerSockets.tomcat(mbeans).orElseThrow().stream()
                .sorted(java.util.Comparator.comparingInt(ListeningSocket::port)).toList();
        assertEquals(List.of(8009, 8080), sockets.stream().map(ListeningSocket::port).toList());
        assertFalse(sockets.get(0).loopbackOnly(), "address null: every interface");
        assertTrue(sockets.get(1).loopbackOnly());
        assertEquals("127.0.0.1", sockets.get(1).host());
    }

    @Test
    void anUnknownContainerLeavesTheDecisionToEachRequest() {
        Object notAContainer = new Object();
        assertTrue(ContainerSockets.jetty(notAContainer).isEmpty());
        assertTrue(NoneModeExposure.refusal(none(false), Optional.empty()).isEmpty());
    }

    @Test
    void noneModeRefusesEveryInterfaceAndOtherAddressesUnlessAllowed() {
        ListeningSocket loopback = new ListeningSocket("Jetty ServerConnector", "127.0.0.1", 8002);
        ListeningSocket ipv6Loopback = new ListeningSocket("Jetty ServerConnector", "::1", 8003);
        ListeningSocket localhost = new ListeningSocket("Jetty ServerConnector", "localhost", 8004);
        ListeningSocket every = new ListeningSocket("Tomcat Catalina:type=Connector,port=8080", null, 8080);
        ListeningSocket wildcard = new ListeningSocket("Jetty ServerConnector", "0.0.0.0", 8081);
        ListeningSocket documentation = new ListeningSocket("Jetty ServerConnector", "192.0.2.7", 8082);
        assertTrue(NoneModeExposure.refusal(none(false), Optional.of(List.of(loopback, ipv6Loopback, localhost))).isEmpty());
        String reason = NoneModeExposure.refusal(none(false), Optional.of(List.of(loopback, every))).orElseThrow();
        assertTrue(reason.contains("*:8080") && reason.contains("auth.none.allow.remote=true")
                && !reason.contains("8002"), reason);
        assertTrue(NoneModeExposure.refusal(none(false), Optional.of(List.of(wildcard))).isPresent());
        assertTrue(NoneModeExposure.refusal(none(false), Optional.of(List.of(documentation))).orElseThrow()
                .contains("192.0.2.7:8082"));
        assertTrue(NoneModeExposure.refusal(none(true), Optional.of(List.of(every))).isEmpty(), "forced");
        SecuritySettings token = new SecuritySettings("token", false, "s".repeat(16), null, null, 60, null, null, 4, 0, 1,
                0, 1, 10, 0, List.of(), 1 << 20, 64);
        assertTrue(NoneModeExposure.refusal(token, Optional.of(List.of(every))).isEmpty(), "token mode may listen anywhere");
    }

    @Test
    void theStartUpCheckThrowsAConfigurationError() throws Exception {
        Server server = new Server();
        ServerConnector everywhere = new ServerConnector(server);
        everywhere.setPort(0);
        server.addConnector(everywhere);
        ServletContextHandler context = new ServletContextHandler("/data");
        AtomicReference<RuntimeException> thrown = new AtomicReference<>();
        AtomicReference<Boolean> forcedPassed = new AtomicReference<>(false);
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                thrown.set(assertThrows(ConfigException.class,
                        () -> ContainerSockets.checkNoneMode(event.getServletContext(), none(false))));
                ContainerSockets.checkNoneMode(event.getServletContext(), none(true));
                forcedPassed.set(true);
            }
        });
        server.setHandler(context);
        server.start();
        server.stop();
        assertTrue(thrown.get().getMessage().contains("auth.none.allow.remote=true"), thrown.get().getMessage());
        assertTrue(forcedPassed.get());
    }

    private static SecuritySettings none(boolean allowRemote) {
        SecuritySettings d = SecuritySettings.development();
        return new SecuritySettings("none", allowRemote, null, null, null, 60, null, null, 4, 0, 1, 0, 1, 10_000, 0,
                d.trustedProxies(), 1 << 20, 64);
    }

    /** The two attributes of Tomcat's connector MBean read here, named as Tomcat's model MBean names them. */
    static final class FakeConnector implements DynamicMBean {
        private final InetAddress address;
        private final int port;

        FakeConnector(InetAddress address, int port) {
            this.address = address;
            this.port = port;
        }

        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            return switch (attribute) {
                case "address" -> address;
                case "port" -> port;
                default -> throw new AttributeNotFoundException(attribute);
            };
        }

        @Override
        public void setAttribute(Attribute attribute) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AttributeList getAttributes(String[] attributes) {
            return new AttributeList();
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            return new MBeanInfo(FakeConnector.class.getName(), "a connector", new MBeanAttributeInfo[] {
                new MBeanAttributeInfo("address", InetAddress.class.getName(), "bind address", true, false, false),
                new MBeanAttributeInfo("port", "int", "port", true, false, false)}, null, null, null);
        }
    }
}
