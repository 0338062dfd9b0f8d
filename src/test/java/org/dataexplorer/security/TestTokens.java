package org.dataexplorer.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Mints tokens the way Django would (and the ways an attacker would), for the verifier's tests and the ITs. */
public final class TestTokens {

    public static final String HMAC_SECRET = "0123456789abcdef0123456789abcdef-test-secret";

    private TestTokens() {
    }

    public static KeyPair rsaKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    public static JWTClaimsSet claims(String sub, Instant exp, Object scope) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().expirationTime(exp == null ? null : Date.from(exp));
        if (sub != null) {
            b.subject(sub);
        }
        if (scope != null) {
            b.claim("scope", scope);
        }
        return b.build();
    }

    public static String hs256(String secret, JWTClaimsSet claims) {
        return hmac(JWSAlgorithm.HS256, secret.getBytes(StandardCharsets.UTF_8), claims);
    }

    public static String hmac(JWSAlgorithm alg, byte[] key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rs256(KeyPair keys, JWTClaimsSet claims) {
        return rsa(JWSAlgorithm.RS256, keys, claims);
    }

    public static String rsa(JWSAlgorithm alg, KeyPair keys, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
            jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token: {@code alg: none}, empty signature. */
    public static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
