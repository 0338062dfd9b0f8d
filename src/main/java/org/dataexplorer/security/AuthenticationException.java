package org.dataexplorer.security;

/**
 * Credentials were refused. The message is safe to show the client (it never echoes a secret); the adapter
 * answers {@link #status()} (401, or 400 for a header used where it is not allowed).
 */
public final class AuthenticationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean credentialsGiven;

    private AuthenticationException(int status, boolean credentialsGiven, String message) {
        super(message, null, false, false);
        this.status = status;
        this.credentialsGiven = credentialsGiven;
    }

    /** No credentials at all (RFC 6750: the challenge carries no error code). */
    public static AuthenticationException missing(String message) {
        return new AuthenticationException(401, false, message);
    }

    /** Credentials that are malformed, forged, expired or unknown. */
    public static AuthenticationException invalid(String message) {
        return new AuthenticationException(401, true, message);
    }

    /** A well-formed credential used with a request it cannot go with. */
    public static AuthenticationException badRequest(String message) {
        return new AuthenticationException(400, true, message);
    }

    public int status() {
        return status;
    }

    public boolean credentialsGiven() {
        return credentialsGiven;
    }
}
