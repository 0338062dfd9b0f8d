package org.dataexplorer.api.resources;

import java.io.IOException;
import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import org.dataexplorer.api.json.Views.DatasetSummary;
import org.dataexplorer.api.json.Views.PageView;
import org.dataexplorer.api.json.Views.RejectsView;
import org.dataexplorer.api.json.Views.SampleView;
import org.dataexplorer.api.json.Views.SchemaView;
import org.dataexplorer.api.json.Views.StatsView;
import org.dataexplorer.store.DatasetManifest;

/** The resource API for datasets. Uploads ({@code POST}) are taken by the streaming upload servlet. */
@Path("api/datasets")
@Produces(MediaType.APPLICATION_JSON)
public final class DatasetResource {

    private final DataService service;
    private final DatasetViews views;
    private final ReadRoutes routes;

    public DatasetResource(DataService service) {
        this.service = service;
        this.views = new DatasetViews(service);
        this.routes = new ReadRoutes(service);
    }

    @GET
    public DatasetList list() {
        List<DatasetSummary> all = service.catalog().list().stream().map(views::summary).toList();
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
                         @QueryParam("shape") String shape) throws IOException {
        return routes.rows(id, uri, page, pageSize, offset, limit, columns, shape);
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
    public StatsView stats(@PathParam("id") String id) {
        return routes.stats(id);
    }

    @GET
    @Path("{id}/rejects")
    public RejectsView rejects(@PathParam("id") String id, @QueryParam("offset") String offset,
                               @QueryParam("limit") String limit) throws IOException {
        return routes.rejects(id, offset, limit);
    }
}
