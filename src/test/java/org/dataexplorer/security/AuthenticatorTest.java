package org.dataexplorer.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private static final String SECRET = "service-secret-0123456789";
    private final Authenticator auth = new Authenticator(SECRET, "metrics-token-0123",
            new TokenVerifier(TestTokens.HMAC_SECRET, null, 60, null, null, Clock.systemUTC()));

    private AuthenticationException refused(String authorization, String user) {
        return assertThrows(AuthenticationException.class, () -> auth.authenticate(authorization, user, false));
    }

    @Test
    void serviceSecretActsForTheUserItNames() throws Exception {
        Principal p = auth.authenticate("Bearer " + SECRET, "alice", false);
        assertEquals("alice", p.user());
        assertEquals(Set.of(Scope.READ, Scope.WRITE), p.scopes());
        Principal service = auth.authenticate("bearer  " + SECRET + " ", null, false);
        assertNull(service.user());
        assertTrue(service.has(Scope.ADMIN));
    }

    @Test
    void dataUserOnlyWithTheServiceSecret() {
        String jwt = TestTokens.hs256(TestTokens.HMAC_SECRET, TestTokens.claims("bob", Instant.now().plusSeconds(60), null));
        assertEquals(400, refused("Bearer " + jwt, "alice").status());
        assertEquals(401, refused(null, "alice").status());
        assertEquals(400, refused("Bearer " + SECRET, "a/../b").status());
        assertEquals(400, refused("Bearer metrics-token-0123", "alice").status());
    }

    @Test
    void refusals() {
        AuthenticationException missing = refused(null, null);
        assertEquals(401, missing.status());
        assertTrue(!missing.credentialsGiven());
        for (String bad : new String[] {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", SECRET, "Bearer " + SECRET + "x",
                "Bearer wrong-secret", "Bearer a b", "Bearer é"}) {
            AuthenticationException e = refused(bad, null);
            assertEquals(401, e.status(), bad);
            assertTrue(e.credentialsGiven(), bad);
            assertTrue(!e.getMessage().contains(SECRET), "never echoes the secret");
        }
        assertThrows(AuthenticationException.class, () -> auth.authenticate("Bearer " + SECRET, null, true));
    }

    @Test
    void metricsTokenHasNoScope() throws Exception {
        Principal p = auth.authenticate("Bearer metrics-token-0123", null, false);
        assertEquals(Principal.Via.METRICS_TOKEN, p.via());
        assertEquals(Set.of(), p.scopes());
    }

    @Test
    void ownership() {
        Principal alice = new Principal("alice", Set.of(Scope.WRITE), Principal.Via.JWT);
        assertTrue(alice.canSee("alice"));
        assertTrue(!alice.canSee("bob"));
        assertTrue(!alice.canSee(null), "datasets without owner: admins only");
        assertTrue(new Principal("x", Set.of(Scope.ADMIN), Principal.Via.JWT).canSee("bob"));
        assertTrue(Principal.development().canSee(null));
    }
}
