package org.dataexplorer.api.security;

import jakarta.servlet.http.HttpServletResponse;

/** The headers every answer carries: the page runs no inline script, loads nothing from elsewhere and may not be framed. */
final class SecurityHeaders {

    // style-src-attr: the grid positions its virtualised cells with style attributes (no <style> elements, and
    // no inline script of any kind).
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
            + "img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";

    private SecurityHeaders() {
    }

    static void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    }
}
