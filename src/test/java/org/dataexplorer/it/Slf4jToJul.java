package org.dataexplorer.it;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Sends SLF4J logging (embedded Jetty's) to java.util.logging, like the service's own logging.
 * Without a provider SLF4J drops everything, and with it the reason a webapp failed to start.
 * Registered in {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}.
 */
public final class Slf4jToJul implements SLF4JServiceProvider {

    private final ILoggerFactory loggers = JulLogger::new;
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up
    }

    private static final class JulLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;

        private final transient java.util.logging.Logger jul;

        JulLogger(String name) {
            this.name = name;
            this.jul = java.util.logging.Logger.getLogger(name);
        }

        @Override
        public boolean isTraceEnabled() {
            return jul.isLoggable(Level.FINEST);
        }

        @Override
        public boolean isDebugEnabled() {
            return jul.isLoggable(Level.FINE);
        }

        @Override
        public boolean isInfoEnabled() {
            return jul.isLoggable(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return jul.isLoggable(Level.WARNING);
        }

        @Override
        public boolean isErrorEnabled() {
            return jul.isLoggable(Level.SEVERE);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(org.slf4j.event.Level level, Marker marker, String pattern,
                                                   Object[] arguments, Throwable throwable) {
            LogRecord record = new LogRecord(julLevel(level), MessageFormatter.basicArrayFormat(pattern, arguments));
            record.setLoggerName(name);
            record.setSourceClassName(name);
            record.setSourceMethodName(null);
            record.setThrown(throwable);
            jul.log(record);
        }

        private static Level julLevel(org.slf4j.event.Level level) {
            return switch (level) {
                case ERROR -> Level.SEVERE;
                case WARN -> Level.WARNING;
                case INFO -> Level.INFO;
                case DEBUG -> Level.FINE;
                case TRACE -> Level.FINEST;
            };
        }
    }
}
