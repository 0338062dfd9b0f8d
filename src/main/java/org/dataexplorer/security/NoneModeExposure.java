package org.dataexplorer.security;

import java.util.List;
import java.util.Optional;

/**
 * auth.mode=none is for one machine: the service refuses to start when the container listens on every interface or
 * on an address other machines can reach, unless {@code auth.none.allow.remote=true}. When the container's sockets
 * cannot be found, the per-request check of the security filter (a non-loopback local address answers 503) remains.
 */
public final class NoneModeExposure {

    private NoneModeExposure() {
    }

    /**
     * Why the service must not start, or empty when it may.
     *
     * @param sockets where the container listens, or empty when that cannot be found
     */
    public static Optional<String> refusal(SecuritySettings settings, Optional<List<ListeningSocket>> sockets) {
        if (settings.tokenMode() || settings.noneAllowRemote() || sockets.isEmpty()) {
            return Optional.empty();
        }
        List<String> exposed = sockets.get().stream().filter(s -> !s.loopbackOnly())
                .map(s -> s.where() + " (" + s.connector() + ")").toList();
        if (exposed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("auth.mode=none (no authentication) but the server listens on " + String.join(", ", exposed)
                + ", which other machines can reach: bind it to 127.0.0.1, or set auth.mode=token, or set"
                + " auth.none.allow.remote=true (DATA_AUTH_NONE_ALLOW_REMOTE) to serve every address without authentication");
    }
}
