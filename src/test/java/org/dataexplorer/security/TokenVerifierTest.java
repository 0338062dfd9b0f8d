package org.dataexplorer.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static KeyPair keys;
    private static KeyPair otherKeys;

    @BeforeAll
    static void keys() {
        keys = TestTokens.rsaKeys();
        otherKeys = TestTokens.rsaKeys();
    }

    private static TokenVerifier hmacOnly() {
        return new TokenVerifier(TestTokens.HMAC_SECRET, null, 60, null, null, CLOCK);
    }

    private static TokenVerifier rsaOnly() {
        return new TokenVerifier(null, TestTokens.pem(keys), 60, null, null, CLOCK);
    }

    private static TokenVerifier both() {
        return new TokenVerifier(TestTokens.HMAC_SECRET, TestTokens.pem(keys), 60, null, null, CLOCK);
    }

    private static JWTClaimsSet valid(String sub) {
        return TestTokens.claims(sub, NOW.plusSeconds(300), null);
    }

    private static String refused(TokenVerifier verifier, String token) {
        return assertThrows(AuthenticationException.class, () -> verifier.verify(token)).getMessage();
    }

    @Test
    void acceptsHs256WithTheSecret() throws Exception {
        Principal p = hmacOnly().verify(TestTokens.hs256(TestTokens.HMAC_SECRET, valid("42")));
        assertEquals("42", p.user());
        assertEquals(Principal.Via.JWT, p.via());
        assertEquals(Set.of(Scope.READ, Scope.WRITE), p.scopes(), "no scope claim: read and write");
    }

    @Test
    void acceptsRs256WithThePublicKey() throws Exception {
        assertEquals("alice", rsaOnly().verify(TestTokens.rs256(keys, valid("alice"))).user());
        assertEquals("alice", both().verify(TestTokens.rs256(keys, valid("alice"))).user());
        assertEquals("bob", both().verify(TestTokens.hs256(TestTokens.HMAC_SECRET, valid("bob"))).user());
    }

    @Test
    void refusesForgedSignatures() {
        assertTrue(refused(hmacOnly(), TestTokens.hs256("another-secret-of-at-least-32-bytes!!", valid("42")))
                .contains("signature"));
        assertTrue(refused(rsaOnly(), TestTokens.rs256(otherKeys, valid("42"))).contains("signature"));
        String token = TestTokens.hs256(TestTokens.HMAC_SECRET, valid("42"));
        // Same header and signature, another subject: the signature no longer matches.
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                valid("admin").toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertTrue(refused(hmacOnly(), tampered).contains("signature"));
    }

    @Test
    void refusesAlgNone() {
        String token = TestTokens.unsigned(valid("42"));
        refused(hmacOnly(), token);
        refused(rsaOnly(), token);
        refused(both(), token);
    }

    @Test
    void refusesAnHs256TokenKeyedWithThePublicKey() {
        // The classic algorithm confusion: the attacker knows the public key and uses it as an HMAC secret.
        byte[] pemBytes = TestTokens.pem(keys).getBytes(StandardCharsets.UTF_8);
        byte[] derBytes = keys.getPublic().getEncoded();
        for (byte[] key : List.of(pemBytes, derBytes)) {
            String forged = TestTokens.hmac(JWSAlgorithm.HS256, key, valid("42"));
            assertTrue(refused(rsaOnly(), forged).contains("algorithm"));
            assertTrue(refused(both(), forged).contains("signature"));
        }
    }

    @Test
    void refusesOtherAlgorithms() {
        byte[] longKey = (TestTokens.HMAC_SECRET + TestTokens.HMAC_SECRET).getBytes(StandardCharsets.UTF_8);
        assertTrue(refused(both(), TestTokens.hmac(JWSAlgorithm.HS512, longKey, valid("42"))).contains("HS512"));
        assertTrue(refused(both(), TestTokens.rsa(JWSAlgorithm.RS512, keys, valid("42"))).contains("RS512"));
        assertTrue(refused(both(), TestTokens.rsa(JWSAlgorithm.PS256, keys, valid("42"))).contains("PS256"));
        // RS256 when only the HMAC secret is configured, and the reverse.
        refused(hmacOnly(), TestTokens.rs256(keys, valid("42")));
        refused(rsaOnly(), TestTokens.hs256(TestTokens.HMAC_SECRET, valid("42")));
    }

    @Test
    void expiryWithClockSkew() throws Exception {
        TokenVerifier v = hmacOnly();
        assertEquals("42", v.verify(TestTokens.hs256(TestTokens.HMAC_SECRET,
                TestTokens.claims("42", NOW.minusSeconds(59), null))).user(), "within the 60 s skew");
        assertTrue(refused(v, TestTokens.hs256(TestTokens.HMAC_SECRET,
                TestTokens.claims("42", NOW.minusSeconds(61), null))).contains("expired"));
        assertTrue(refused(v, TestTokens.hs256(TestTokens.HMAC_SECRET,
                TestTokens.claims("42", null, null))).contains("exp"));
        TokenVerifier strict = new TokenVerifier(TestTokens.HMAC_SECRET, null, 0, null, null, CLOCK);
        refused(strict, TestTokens.hs256(TestTokens.HMAC_SECRET, TestTokens.claims("42", NOW.minusSeconds(1), null)));
    }

    @Test
    void notBeforeAndIssuedAt() throws Exception {
        JWTClaimsSet early = new JWTClaimsSet.Builder(valid("42")).notBeforeTime(Date.from(NOW.plusSeconds(120))).build();
        assertTrue(refused(hmacOnly(), TestTokens.hs256(TestTokens.HMAC_SECRET, early)).contains("nbf"));
        JWTClaimsSet future = new JWTClaimsSet.Builder(valid("42")).issueTime(Date.from(NOW.plusSeconds(120))).build();
        assertTrue(refused(hmacOnly(), TestTokens.hs256(TestTokens.HMAC_SECRET, future)).contains("iat"));
        JWTClaimsSet fine = new JWTClaimsSet.Builder(valid("42")).notBeforeTime(Date.from(NOW.plusSeconds(30)))
                .issueTime(Date.from(NOW.plusSeconds(30))).build();
        assertEquals("42", hmacOnly().verify(TestTokens.hs256(TestTokens.HMAC_SECRET, fine)).user(), "within skew");
    }

    @Test
    void subjectIsRequiredAndValidated() {
        assertTrue(refused(hmacOnly(), TestTokens.hs256(TestTokens.HMAC_SECRET, valid(null))).contains("sub"));
        refused(hmacOnly(), TestTokens.hs256(TestTokens.HMAC_SECRET, valid("../etc")) + "x");
        assertTrue(refused(hmacOnly(), TestTokens.hs256(TestTokens.HMAC_SECRET, valid("a/b"))).contains("sub"));
        assertTrue(refused(hmacOnly(), TestTokens.hs256(TestTokens.HMAC_SECRET, valid("x".repeat(151)))).contains("sub"));
    }

    @Test
    void scopesAsStringOrArray() throws Exception {
        TokenVerifier v = hmacOnly();
        assertEquals(Set.of(Scope.READ), v.verify(TestTokens.hs256(TestTokens.HMAC_SECRET,
                TestTokens.claims("1", NOW.plusSeconds(60), "read"))).scopes());
        assertEquals(Set.of(Scope.READ, Scope.WRITE), v.verify(TestTokens.hs256(TestTokens.HMAC_SECRET,
                TestTokens.claims("1", NOW.plusSeconds(60), "openid  write"))).scopes(), "write implies read");
        assertEquals(Set.of(Scope.READ, Scope.WRITE, Scope.ADMIN), v.verify(TestTokens.hs256(TestTokens.HMAC_SECRET,
                TestTokens.claims("1", NOW.plusSeconds(60), List.of("admin")))).scopes());
        assertEquals(Set.of(), v.verify(TestTokens.hs256(TestTokens.HMAC_SECRET,
                TestTokens.claims("1", NOW.plusSeconds(60), "profile"))).scopes(), "unknown scopes grant nothing");
        refused(v, TestTokens.hs256(TestTokens.HMAC_SECRET, TestTokens.claims("1", NOW.plusSeconds(60), 7)));
    }

    @Test
    void issuerAndAudienceWhenConfigured() throws Exception {
        TokenVerifier v = new TokenVerifier(TestTokens.HMAC_SECRET, null, 60, "django", "data", CLOCK);
        JWTClaimsSet good = new JWTClaimsSet.Builder(valid("1")).issuer("django").audience(List.of("data", "x")).build();
        assertEquals("1", v.verify(TestTokens.hs256(TestTokens.HMAC_SECRET, good)).user());
        refused(v, TestTokens.hs256(TestTokens.HMAC_SECRET, new JWTClaimsSet.Builder(good).issuer("evil").build()));
        refused(v, TestTokens.hs256(TestTokens.HMAC_SECRET, new JWTClaimsSet.Builder(good).audience("other").build()));
        refused(v, TestTokens.hs256(TestTokens.HMAC_SECRET, valid("1")));
    }

    @Test
    void malformedTokens() {
        for (String bad : List.of("", "a.b", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30", "x".repeat(9000))) {
            refused(both(), bad);
        }
    }

    @Test
    void keysAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new TokenVerifier("short", null, 60, null, null, CLOCK));
        assertThrows(IllegalArgumentException.class, () -> TokenVerifier.parseRsaPublicKey("not a key"));
        assertThrows(IllegalArgumentException.class, () -> TokenVerifier.parseRsaPublicKey(
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"));
        assertFalse(new TokenVerifier(null, null, 60, null, null, CLOCK).enabled());
    }
}
