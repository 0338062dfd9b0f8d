package org.dataexplorer.api.resources;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.dataexplorer.api.DataService;
import org.dataexplorer.api.json.Views.DatasetList;
import org.dataexplorer.api.security.Principals;
import org.dataexplorer.api.json.Views.DatasetSummary;
import org.dataexplorer.api.json.Views.PageView;
import org.dataexplorer.api.json.Views.RejectsView;
import org.dataexplorer.api.json.Views.SampleView;
import org.dataexplorer.api.json.Views.SchemaView;
import org.dataexplorer.store.DatasetManifest;

/** The resource API for datasets. Uploads ({@code POST}) are taken by the streaming upload servlet. */
@Path("api/datasets")
@Produces(MediaType.APPLICATION_JSON)
public final class DatasetResource {

    private final DataService service;
    private final DatasetViews views;
    private final ReadRoutes routes;
    private final QueryRoutes queries;

    public DatasetResource(DataService service) {
        this.service = service;
        this.views = new DatasetViews(service);
        this.routes = new ReadRoutes(service);
        this.queries = new QueryRoutes(service);
    }

    @GET
    public DatasetList list(@Context HttpServletRequest request) {
        List<DatasetSummary> all = DatasetLookup.visible(service.catalog(), Principals.of(request)).stream()
                .map(views::summary).toList();
        return new DatasetList(all);
    }

    @GET
    @Path("{id}")
    public DatasetSummary get(@PathParam("id") String id) {
        return views.summary(DatasetLookup.find(service.catalog(), id));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) throws IOException {
        DatasetManifest m = DatasetLookup.find(service.catalog(), id);
        var uuid = DatasetLookup.parse(m.id());
        service.ingest().cancel(uuid, "The dataset was deleted during its upload");
        service.catalog().delete(uuid);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/schema")
    public SchemaView schema(@PathParam("id") String id) {
        return routes.schema(id);
    }

    @GET
    @Path("{id}/rows")
    public PageView rows(@PathParam("id") String id, @Context UriInfo uri, @QueryParam("page") String page,
                         @QueryParam("pageSize") String pageSize, @QueryParam("offset") String offset,
                         @QueryParam("limit") String limit, @QueryParam("columns") String columns,
                         @QueryParam("shape") String shape, @QueryParam("sort") String sort,
                         @QueryParam("nulls") String nulls, @QueryParam("cursor") String cursor) throws IOException {
        return routes.rows(id, uri, page, pageSize, offset, limit, columns, shape, sort, nulls, cursor);
    }

    /** Rows or groups from a JSON query (see {@link QueryRoutes}). */
    @POST
    @Path("{id}/query")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    public Object query(@PathParam("id") String id, String body) throws IOException {
        return queries.query(id, body);
    }

    @GET
    @Path("{id}/facets/{column}")
    public QueryRoutes.FacetsView facets(@PathParam("id") String id, @PathParam("column") String column,
                                         @Context UriInfo uri, @QueryParam("limit") String limit) throws IOException {
        return queries.facets(id, column, uri, limit);
    }

    @GET
    @Path("{id}/sample")
    public SampleView sample(@PathParam("id") String id, @QueryParam("rows") String rows,
                             @QueryParam("mode") String mode, @QueryParam("seed") String seed,
                             @QueryParam("columns") String columns, @QueryParam("shape") String shape)
            throws IOException {
        return routes.sample(id, rows, mode, seed, columns, shape);
    }

    @GET
    @Path("{id}/stats")
    public ReadRoutes.FullStatsView stats(@PathParam("id") String id) throws IOException {
        return routes.stats(id);
    }

    @GET
    @Path("{id}/rejects")
    public RejectsView rejects(@PathParam("id") String id, @QueryParam("offset") String offset,
                               @QueryParam("limit") String limit) throws IOException {
        return routes.rejects(id, offset, limit);
    }
}
