package org.dataexplorer.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One socket the container listens on.
 *
 * @param connector what the container calls it (for the log), e.g. {@code Tomcat Catalina:type=Connector,port=8080}
 * @param host      the configured host or address; null or empty for every interface
 * @param port      the configured port (-1 when unknown; 0 for an ephemeral one)
 */
public record ListeningSocket(String connector, String host, int port) {

    /** Whether only this machine can connect: a loopback address, or a name that resolves to one. */
    public boolean loopbackOnly() {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(host.strip());
            return address.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code host:port}, with {@code *} for every interface. */
    public String where() {
        String h = host == null || host.isBlank() ? "*" : host.contains(":") ? "[" + host + "]" : host;
        return h + ":" + (port < 0 ? "?" : Integer.toString(port));
    }
}
