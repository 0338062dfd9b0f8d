package org.dataexplorer.security;

import java.util.List;

/**
 * The settings of authentication, rate limits, quotas and input bounds (see README "Security").
 *
 * @param authMode                    {@code none} or {@code token}
 * @param noneAllowRemote             serve requests that arrive on a non-loopback address in none mode
 * @param serviceSecret               the server-to-server bearer secret, or null
 * @param jwtSecret                   the HS256 key, or null
 * @param jwtPublicKey                the RS256 public key as PEM text, or null
 * @param clockSkewSeconds            leeway for {@code exp}, {@code nbf}, {@code iat}
 * @param jwtIssuer                   required {@code iss}, or null
 * @param jwtAudience                 required {@code aud} member, or null
 * @param maxConcurrentUploadsPerUser uploads one user may run at once
 * @param userRatePerSecond           request tokens a user gets back per second (0: no user limit)
 * @param userBurst                   a user's bucket size
 * @param addressRatePerSecond        request tokens a client address gets back per second (0: no limit)
 * @param addressBurst                an address's bucket size
 * @param rateMaxKeys                 users (and addresses) tracked at most
 * @param userQuotaBytes              storage one user may use (0: no quota)
 * @param trustedProxies              addresses or CIDR blocks whose X-Forwarded-For is believed
 * @param jsonMaxBytes                largest JSON request body
 * @param jsonMaxDepth                deepest nesting of a JSON request body
 */
public record SecuritySettings(String authMode, boolean noneAllowRemote, String serviceSecret, String jwtSecret,
                               String jwtPublicKey, long clockSkewSeconds, String jwtIssuer, String jwtAudience,
                               int maxConcurrentUploadsPerUser, int userRatePerSecond, int userBurst,
                               int addressRatePerSecond, int addressBurst, int rateMaxKeys, long userQuotaBytes,
                               List<String> trustedProxies, long jsonMaxBytes, int jsonMaxDepth) {

    public SecuritySettings {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    public boolean tokenMode() {
        return "token".equals(authMode);
    }

    /** Development defaults: no authentication, generous limits (for tests that build settings by hand). */
    public static SecuritySettings development() {
        return new SecuritySettings("none", false, null, null, null, 60, null, null, 4, 0, 1, 0, 1, 10_000, 0,
                List.of("127.0.0.1", "::1"), 1 << 20, 64);
    }
}
