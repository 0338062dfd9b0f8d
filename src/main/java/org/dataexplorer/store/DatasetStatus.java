package org.dataexplorer.store;

import java.util.Locale;

public enum DatasetStatus {
    INGESTING, READY, FAILED;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
