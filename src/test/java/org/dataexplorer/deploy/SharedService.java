package org.dataexplorer.deploy;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One data service process (token mode, see {@link ServiceProcess}) for all the test classes of a run that
 * take a {@link Handle} parameter: started by the first {@link Handle#get()}, stopped when the run ends
 * (the handle lives in JUnit's root store, which closes it). Starting the WAR is the slow part of these tests.
 */
final class SharedService implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedService.class);

    /** The shared service, started on first use. */
    static final class Handle implements AutoCloseable {

        private ServiceProcess service;

        synchronized ServiceProcess get() throws IOException, InterruptedException {
            if (service == null) {
                service = ServiceProcess.start(ServiceProcess.fresh("deploy-its").resolve("service"),
                        Map.of("DATA_MAX_UPLOAD_BYTES", "1GB"));
            }
            return service;
        }

        @Override
        public synchronized void close() throws InterruptedException {
            if (service != null) {
                service.close();
                service = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Handle.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Handle.class, key -> new Handle(),
                Handle.class);
    }
}
