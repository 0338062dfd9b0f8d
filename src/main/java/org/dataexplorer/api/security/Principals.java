package org.dataexplorer.api.security;

import jakarta.servlet.ServletRequest;

import org.dataexplorer.security.Principal;

/** The authenticated caller of a request, put there by {@link SecurityFilter}. */
public final class Principals {

    static final String ATTRIBUTE = Principal.class.getName();
    static final String CLIENT_ADDRESS = Principal.class.getName() + ".clientAddress";

    private Principals() {
    }

    /**
     * The caller, or null when the request did not pass through the security filter (then nothing may be
     * assumed about it: callers must treat null as "may see nothing").
     */
    public static Principal of(ServletRequest request) {
        Object p = request.getAttribute(ATTRIBUTE);
        return p instanceof Principal principal ? principal : null;
    }

    /** The client's address (X-Forwarded-For honoured from trusted proxies only). */
    public static String clientAddress(ServletRequest request) {
        Object a = request.getAttribute(CLIENT_ADDRESS);
        return a instanceof String s ? s : request.getRemoteAddr();
    }
}
