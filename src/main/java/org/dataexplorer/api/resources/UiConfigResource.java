package org.dataexplorer.api.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.dataexplorer.config.ServiceConfig;

/**
 * {@code GET /api/ui-config}: what the explorer page needs before its first API call, hence public (the page
 * asks it before it has a token): the authentication mode, and where the page gets a browser JWT.
 */
@Path("api/ui-config")
@Produces(MediaType.APPLICATION_JSON)
public final class UiConfigResource {

    /** {@code tokenUrl} is null when {@code ui.token.url} is not set. */
    public record UiConfig(String authMode, String tokenUrl) {
    }

    private final UiConfig config;

    public UiConfigResource(ServiceConfig config) {
        this.config = new UiConfig(config.authMode(), config.uiTokenUrl());
    }

    @GET
    public Response get() {
        return Response.ok(config).header("Cache-Control", "no-cache").build();
    }
}
