package org.dataexplorer.api;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;

import org.dataexplorer.api.json.JsonBodyWriter;
import org.dataexplorer.api.ops.OpsResource;
import org.dataexplorer.api.problems.ProblemMappers;
import org.dataexplorer.api.resources.DatasetResource;
import org.dataexplorer.api.resources.ExportResource;
import org.dataexplorer.api.resources.GraphicWalkerResource;
import org.dataexplorer.api.resources.HealthResource;
import org.dataexplorer.api.resources.ReadRoutes;
import org.dataexplorer.api.resources.SeedResource;
import org.dataexplorer.api.resources.UiConfigResource;
import org.dataexplorer.api.security.JsonBodyLimits;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The JAX-RS application: resources built with the running {@link DataService}. */
public final class DataServiceApplication extends ResourceConfig {

    public DataServiceApplication(@Context ServletContext context) {
        DataService service = DataServiceLifecycle.of(context);
        register(JsonBodyWriter.class);
        register(new JsonBodyLimits(service.config().security().jsonMaxBytes(),
                service.config().security().jsonMaxDepth()));
        register(new HealthResource(service));
        register(new OpsResource(service));
        register(new UiConfigResource(service.config()));
        register(new DatasetResource(service));
        register(new ExportResource(service));
        register(new GraphicWalkerResource(service));
        register(new SeedResource(new ReadRoutes(service)));
        register(ProblemMappers.QueryFailures.class);
        register(ProblemMappers.QueryBudgets.class);
        register(ProblemMappers.IngestFailures.class);
        register(ProblemMappers.WebFailures.class);
        register(ProblemMappers.Unexpected.class);
        // Our JsonBodyWriter keeps members in declaration order; Jersey's JSON-B provider would sort them.
        property(CommonProperties.JSON_BINDING_FEATURE_DISABLE, true);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    }
}
