package org.dataexplorer.api.resources;

import java.io.IOException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.dataexplorer.api.json.Views.PageView;
import org.dataexplorer.api.json.Views.SampleView;
import org.dataexplorer.api.json.Views.SchemaView;

/** The seed application's routes, kept exactly: each answers like its {@code /api/datasets/{id}/...} twin. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public final class SeedResource {

    private final ReadRoutes routes;

    public SeedResource(ReadRoutes routes) {
        this.routes = routes;
    }

    @GET
    @Path("schema/{id}")
    public SchemaView schema(@PathParam("id") String id) {
        return routes.schema(id);
    }

    @GET
    @Path("data/{id}")
    public PageView data(@PathParam("id") String id, @Context UriInfo uri, @QueryParam("page") String page,
                         @QueryParam("pageSize") String pageSize, @QueryParam("offset") String offset,
                         @QueryParam("limit") String limit, @QueryParam("columns") String columns,
                         @QueryParam("shape") String shape, @QueryParam("sort") String sort,
                         @QueryParam("nulls") String nulls, @QueryParam("cursor") String cursor) throws IOException {
        return routes.rows(id, uri, page, pageSize, offset, limit, columns, shape, sort, nulls, cursor);
    }

    @GET
    @Path("sample/{id}")
    public SampleView sample(@PathParam("id") String id, @QueryParam("rows") String rows,
                             @QueryParam("mode") String mode, @QueryParam("seed") String seed,
                             @QueryParam("columns") String columns, @QueryParam("shape") String shape)
            throws IOException {
        return routes.sample(id, rows, mode, seed, columns, shape);
    }

    @GET
    @Path("stats/{id}")
    public ReadRoutes.FullStatsView stats(@PathParam("id") String id) throws IOException {
        return routes.stats(id);
    }
}
