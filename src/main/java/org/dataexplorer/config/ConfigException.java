package org.dataexplorer.config;

/** A setting has a value the service cannot use; the message names the setting and its sources. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
