package org.dataexplorer.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Verifies browser JWTs: HS256 only with the shared secret, RS256 only with the public key (the algorithm is
 * pinned to the key, so {@code alg: none}, other algorithms and an HS256 token keyed with the RSA public key are
 * all refused), {@code exp} required, {@code nbf}/{@code iat} checked when present, with clock skew.
 */
public final class TokenVerifier {

    /** Longer tokens are refused unparsed: no legitimate token of ours comes near it. */
    static final int MAX_TOKEN_CHARS = 8192;
    private static final int MIN_RSA_BITS = 2048;

    private final JWSVerifier hmac;
    private final JWSVerifier rsa;
    private final long skewSeconds;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    /**
     * @param hmacSecret   HS256 key (at least 32 bytes), or null
     * @param rsaPublicKey RS256 public key as PEM ({@code -----BEGIN PUBLIC KEY-----}), or null
     * @param issuer       required {@code iss}, or null
     * @param audience     required {@code aud} member, or null
     */
    public TokenVerifier(String hmacSecret, String rsaPublicKey, long skewSeconds, String issuer, String audience,
                         Clock clock) {
        try {
            this.hmac = hmacSecret == null ? null : new MACVerifier(hmacSecret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("jwt.secret cannot key HS256: " + e.getMessage(), e);
        }
        this.rsa = rsaPublicKey == null ? null : new RSASSAVerifier(parseRsaPublicKey(rsaPublicKey));
        this.skewSeconds = skewSeconds;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    public boolean enabled() {
        return hmac != null || rsa != null;
    }

    /** The principal a valid token names; anything else is an {@link AuthenticationException} (401). */
    public Principal verify(String token) throws AuthenticationException {
        if (!enabled()) {
            throw AuthenticationException.invalid("This service accepts no JWTs (no jwt.secret or jwt.public.key)");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw AuthenticationException.invalid("The token is too long");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw AuthenticationException.invalid("The token is not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        JWSVerifier verifier = verifierFor(header.getAlgorithm());
        boolean valid;
        try {
            valid = jwt.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            valid = false;
        }
        if (!valid) {
            throw AuthenticationException.invalid("The token's signature is invalid");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw AuthenticationException.invalid("The token's claims are not a JSON object");
        }
        checkTimes(claims);
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw AuthenticationException.invalid("The token's issuer is not accepted");
        }
        if (audience != null && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
            throw AuthenticationException.invalid("The token is not meant for this service (aud)");
        }
        String subject = claims.getSubject();
        if (!Principal.validUserId(subject)) {
            throw AuthenticationException.invalid("The token has no valid sub (user id)");
        }
        return new Principal(subject, scopes(claims), Principal.Via.JWT);
    }

    private JWSVerifier verifierFor(JWSAlgorithm alg) throws AuthenticationException {
        if (JWSAlgorithm.HS256.equals(alg) && hmac != null) {
            return hmac;
        }
        if (JWSAlgorithm.RS256.equals(alg) && rsa != null) {
            return rsa;
        }
        throw AuthenticationException.invalid("The token's algorithm " + alg + " is not accepted (accepted: "
                + (hmac != null ? "HS256" : "") + (hmac != null && rsa != null ? ", " : "") + (rsa != null ? "RS256" : "")
                + ")");
    }

    private void checkTimes(JWTClaimsSet claims) throws AuthenticationException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw AuthenticationException.invalid("The token has no exp");
        }
        if (now.isAfter(exp.toInstant().plusSeconds(skewSeconds))) {
            throw AuthenticationException.invalid("The token has expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minusSeconds(skewSeconds))) {
            throw AuthenticationException.invalid("The token is not valid yet (nbf)");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.isBefore(iat.toInstant().minusSeconds(skewSeconds))) {
            throw AuthenticationException.invalid("The token was issued in the future (iat)");
        }
    }

    /** {@code scope} as an OAuth space-separated string or a JSON array; absent means read and write. */
    private static Set<Scope> scopes(JWTClaimsSet claims) throws AuthenticationException {
        Object raw = claims.getClaim("scope");
        if (raw == null) {
            return EnumSet.of(Scope.READ, Scope.WRITE);
        }
        List<?> names;
        if (raw instanceof String text) {
            names = List.of(text.trim().split("\\s+"));
        } else if (raw instanceof List<?> list) {
            names = list;
        } else {
            throw AuthenticationException.invalid("The token's scope is neither a string nor an array");
        }
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (Object name : names) {
            if (!(name instanceof String s)) {
                throw AuthenticationException.invalid("The token's scope array holds a non-string");
            }
            Scope scope = Scope.parse(s);
            if (scope != null) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    /** @throws IllegalArgumentException when {@code pem} is not an RSA public key of at least 2048 bits */
    public static RSAPublicKey parseRsaPublicKey(String pem) {
        String text = pem.strip();
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("jwt.public.key must be a PEM '" + begin + "' block (X.509 SubjectPublicKeyInfo)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            if (key.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("jwt.public.key is an RSA key of " + key.getModulus().bitLength()
                        + " bits; at least " + MIN_RSA_BITS + " are required");
            }
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("jwt.public.key is not an RSA public key: " + e.getMessage(), e);
        }
    }
}
