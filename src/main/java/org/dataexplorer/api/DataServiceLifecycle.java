package org.dataexplorer.api;

import java.util.function.Supplier;
import java.util.logging.Level;
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

    private final Supplier<ConfigSource> settings;

    public DataServiceLifecycle() {
        this(() -> ConfigSource.load(DataServiceLifecycle.class.getResource("/defaults/data-service.properties")));
    }

    DataServiceLifecycle(Supplier<ConfigSource> settings) {
        this.settings = settings;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            ServletContext context = event.getServletContext();
            context.setAttribute(ATTRIBUTE, start(context));
        } catch (Exception e) {
            throw cannotStart(e);
        }
    }

    private DataService start(ServletContext context) throws Exception {
        ServiceConfig config = ServiceConfig.from(settings.get());
        ContainerSockets.checkNoneMode(context, config.security());
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
        return DataService.start(config);
    }

    /**
     * Any start-up failure becomes one SEVERE line, and the container gets an exception with that line and no
     * stack trace as the reason the context failed: a trace would only bury the setting to fix. The trace is
     * logged too when this class's logger is at FINE.
     */
    static StartFailure cannotStart(Exception e) {
        String line = "The data service cannot start: " + reason(e);
        LOG.severe(line);
        if (LOG.isLoggable(Level.FINE)) {
            LOG.log(Level.FINE, "Start-up failure in detail", e);
        }
        return new StartFailure(line);
    }

    /** A {@link ConfigException} names its setting; anything else is named by its type and causes. */
    private static String reason(Throwable e) {
        if (e instanceof ConfigException) {
            return e.getMessage();
        }
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

    /** The reason the context did not start, without a stack trace. */
    static final class StartFailure extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        StartFailure(String message) {
            super(message);
            setStackTrace(new StackTraceElement[0]);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
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
