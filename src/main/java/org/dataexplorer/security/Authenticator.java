package org.dataexplorer.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Locale;

/**
 * Turns the {@code Authorization} and {@code X-Data-User} headers into a {@link Principal}: the service secret
 * (compared in constant time) acting for {@code X-Data-User} or as admin, or a browser JWT.
 */
public final class Authenticator {

    private final byte[] serviceSecret;
    private final byte[] metricsToken;
    private final TokenVerifier tokens;

    /**
     * @param serviceSecret the server-to-server secret, or null
     * @param metricsToken  the token {@code /api/metrics} also accepts, or null
     */
    public Authenticator(String serviceSecret, String metricsToken, TokenVerifier tokens) {
        this.serviceSecret = serviceSecret == null ? null : serviceSecret.getBytes(StandardCharsets.UTF_8);
        this.metricsToken = metricsToken == null ? null : metricsToken.getBytes(StandardCharsets.UTF_8);
        this.tokens = tokens;
    }

    /**
     * @param authorization the {@code Authorization} header (null when absent)
     * @param dataUser      the {@code X-Data-User} header (null when absent)
     * @param multipleAuthorizations whether the request carried more than one {@code Authorization} header
     */
    public Principal authenticate(String authorization, String dataUser, boolean multipleAuthorizations)
            throws AuthenticationException {
        if (authorization == null) {
            if (dataUser != null) {
                throw AuthenticationException.missing("X-Data-User needs 'Authorization: Bearer <service secret>'");
            }
            throw AuthenticationException.missing("This route needs 'Authorization: Bearer <token>'");
        }
        if (multipleAuthorizations) {
            throw AuthenticationException.invalid("More than one Authorization header");
        }
        String credential = bearer(authorization);
        byte[] given = credential.getBytes(StandardCharsets.UTF_8);
        if (serviceSecret != null && MessageDigest.isEqual(serviceSecret, given)) {
            if (dataUser == null) {
                return new Principal(null, EnumSet.of(Scope.ADMIN), Principal.Via.SERVICE_SECRET);
            }
            if (!Principal.validUserId(dataUser)) {
                throw AuthenticationException.badRequest("X-Data-User must be 1-150 characters of A-Z a-z 0-9 . _ @ + -");
            }
            return new Principal(dataUser, EnumSet.of(Scope.READ, Scope.WRITE), Principal.Via.SERVICE_SECRET);
        }
        if (metricsToken != null && MessageDigest.isEqual(metricsToken, given)) {
            if (dataUser != null) {
                throw AuthenticationException.badRequest("X-Data-User is only accepted with the service secret");
            }
            return new Principal(null, EnumSet.noneOf(Scope.class), Principal.Via.METRICS_TOKEN);
        }
        if (credential.indexOf('.') < 0) {
            // Not a JWT: a wrong secret. Same answer whatever the secret was, without echoing it.
            throw AuthenticationException.invalid("The bearer credential is not accepted");
        }
        Principal principal = tokens.verify(credential);
        if (dataUser != null) {
            throw AuthenticationException.badRequest("X-Data-User is only accepted with the service secret");
        }
        return principal;
    }

    private static String bearer(String authorization) throws AuthenticationException {
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            throw AuthenticationException.invalid("The Authorization header must be 'Bearer <credential>'");
        }
        String credential = header.substring(space + 1).strip();
        if (credential.isEmpty() || credential.length() > TokenVerifier.MAX_TOKEN_CHARS) {
            throw AuthenticationException.invalid("The Authorization header must be 'Bearer <credential>'");
        }
        for (int i = 0; i < credential.length(); i++) {
            char c = credential.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw AuthenticationException.invalid("The bearer credential holds characters a token cannot have");
            }
        }
        return credential;
    }
}
