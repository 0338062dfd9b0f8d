package org.dataexplorer.api.security;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import jakarta.servlet.ServletContext;

import org.dataexplorer.config.ConfigException;
import org.dataexplorer.security.ListeningSocket;
import org.dataexplorer.security.NoneModeExposure;
import org.dataexplorer.security.SecuritySettings;

/**
 * Where the servlet container listens, found at context start (the Servlet API has no call for it):
 * <ul>
 * <li>Tomcat registers each connector as an MBean {@code <engine>:type=Connector,port=…} in the platform MBean server,
 * whose {@code address} is null for every interface;</li>
 * <li>Jetty 12 reaches its connectors from the ServletContext's public methods
 * ({@code getContextHandler().getServer().getConnectors()}, each network connector's {@code getHost()}: null for
 * every interface), called by reflection: a web application cannot load Jetty's classes by name.</li>
 * </ul>
 */
public final class ContainerSockets {

    private static final Logger LOG = Logger.getLogger(ContainerSockets.class.getName());

    private ContainerSockets() {
    }

    /**
     * In none mode, refuses to start when the container listens where other machines can reach it.
     *
     * @throws ConfigException naming {@code auth.none.allow.remote}
     */
    public static void checkNoneMode(ServletContext context, SecuritySettings settings) {
        if (settings.tokenMode() || settings.noneAllowRemote()) {
            return;
        }
        Optional<List<ListeningSocket>> sockets = find(context, ManagementFactory.getPlatformMBeanServer());
        if (sockets.isEmpty()) {
            LOG.warning("auth.mode=none: the container's listening addresses could not be found (neither Jetty 12 nor "
                    + "Tomcat); every request that arrives on a non-loopback address will be refused instead");
            return;
        }
        NoneModeExposure.refusal(settings, sockets).ifPresent(reason -> {
            throw new ConfigException(reason);
        });
        LOG.info(() -> "auth.mode=none: the server listens on " + sockets.get().stream().map(ListeningSocket::where)
                .toList() + " only");
    }

    /** The container's sockets, or empty when they cannot be found. */
    static Optional<List<ListeningSocket>> find(ServletContext context, MBeanServer mbeans) {
        Optional<List<ListeningSocket>> jetty = jetty(context);
        return jetty.isPresent() ? jetty : tomcat(mbeans);
    }

    static Optional<List<ListeningSocket>> jetty(Object servletContext) {
        try {
            Object handler = call(servletContext, "getContextHandler");
            Object server = handler == null ? null : call(handler, "getServer");
            Object connectors = server == null ? null : call(server, "getConnectors");
            if (connectors == null || !connectors.getClass().isArray()) {
                return Optional.empty();
            }
            List<ListeningSocket> sockets = new ArrayList<>();
            for (int i = 0; i < Array.getLength(connectors); i++) {
                Object connector = Array.get(connectors, i);
                if (publicMethod(connector.getClass(), "getHost") == null) {
                    continue; // not a network connector (a local or Unix-domain one)
                }
                Object port = publicMethod(connector.getClass(), "getPort") == null ? null : call(connector, "getPort");
                sockets.add(new ListeningSocket("Jetty " + connector.getClass().getSimpleName(),
                        (String) call(connector, "getHost"), port instanceof Integer p ? p : -1));
            }
            return Optional.of(sockets);
        } catch (ReflectiveOperationException | ClassCastException | SecurityException e) {
            LOG.log(Level.FINE, "not Jetty 12, or its connectors are not reachable", e);
            return Optional.empty();
        }
    }

    static Optional<List<ListeningSocket>> tomcat(MBeanServer mbeans) {
        try {
            List<ListeningSocket> sockets = new ArrayList<>();
            for (ObjectName name : mbeans.queryNames(new ObjectName("*:type=Connector,*"), null)) {
                Object address = mbeans.getAttribute(name, "address");
                Object port = mbeans.getAttribute(name, "port");
                String host = address instanceof InetAddress a ? a.getHostAddress() : address == null ? null : address.toString();
                sockets.add(new ListeningSocket("Tomcat " + name, host, port instanceof Integer p ? p : -1));
            }
            return sockets.isEmpty() ? Optional.empty() : Optional.of(sockets);
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.FINE, "no Tomcat connector MBeans", e);
            return Optional.empty();
        }
    }

    /** {@code target.name()}, through a public class or interface that declares it. */
    private static Object call(Object target, String name) throws ReflectiveOperationException {
        Method method = publicMethod(target.getClass(), name);
        if (method == null) {
            throw new NoSuchMethodException(target.getClass().getName() + "." + name + "()");
        }
        return method.invoke(target);
    }

    private static Method publicMethod(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Method m = declared(c, name);
            if (m != null) {
                return m;
            }
            for (Class<?> i : c.getInterfaces()) {
                Method fromInterface = publicMethod(i, name);
                if (fromInterface != null) {
                    return fromInterface;
                }
            }
        }
        return null;
    }

    private static Method declared(Class<?> c, String name) {
        if (!Modifier.isPublic(c.getModifiers())) {
            return null;
        }
        try {
            Method m = c.getMethod(name);
            return Modifier.isPublic(m.getDeclaringClass().getModifiers()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
