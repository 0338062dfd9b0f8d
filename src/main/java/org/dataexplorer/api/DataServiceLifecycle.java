package org.dataexplorer.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Logger;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import org.dataexplorer.api.security.ContainerSockets;
import org.dataexplorer.config.ConfigException;
import org.dataexplorer.config.ConfigSource;
import org.dataexplorer.config.ServiceConfig;

/** Starts the service with the web application and stops it with it. */
public final class DataServiceLifecycle implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(DataServiceLifecycle.class.getName());
    private static final String ATTRIBUTE = DataService.class.getName();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ServiceConfig config;
        try {
            config = ServiceConfig.from(ConfigSource.load(
                    DataServiceLifecycle.class.getResource("/defaults/data-service.properties")));
            ContainerSockets.checkNoneMode(context, config.security());
        } catch (ConfigException e) {
            // Fail fast with one line that names the setting; a stack trace would only bury it.
            LOG.severe("The data service cannot start: " + e.getMessage());
            throw new IllegalStateException("The data service cannot start: " + e.getMessage(), null);
        }
        if ("none".equals(config.authMode())) {
            LOG.warning("""
                    ************************************************************
                    *  auth.mode=none: NO AUTHENTICATION. Anyone who can reach   *
                    *  this service can read, upload and delete every dataset.  *
                    *  For development only.                                    *
                    ************************************************************"""
                    + (config.security().noneAllowRemote()
                        ? "\nauth.none.allow.remote=true: requests on non-loopback addresses are answered too."
                        : "\nRequests that arrive on a non-loopback address are refused (auth.none.allow.remote=false)."));
        } else {
            var s = config.security();
            LOG.info(() -> "auth.mode=token: service secret " + (s.serviceSecret() != null ? "set" : "not set")
                    + ", HS256 JWTs " + (s.jwtSecret() != null ? "accepted" : "refused")
                    + ", RS256 JWTs " + (s.jwtPublicKey() != null ? "accepted" : "refused")
                    + ", clock skew " + s.clockSkewSeconds() + " s");
        }
        try {
            context.setAttribute(ATTRIBUTE, DataService.start(config));
        } catch (IOException e) {
            throw new UncheckedIOException("The data service cannot start: " + e.getMessage(), e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        DataService service = (DataService) event.getServletContext().getAttribute(ATTRIBUTE);
        if (service != null) {
            event.getServletContext().removeAttribute(ATTRIBUTE);
            service.close();
        }
    }

    public static DataService of(ServletContext context) {
        DataService service = (DataService) context.getAttribute(ATTRIBUTE);
        if (service == null) {
            throw new IllegalStateException("The data service is not running");
        }
        return service;
    }
}
