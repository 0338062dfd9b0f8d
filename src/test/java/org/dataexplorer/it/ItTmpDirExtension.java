package org.dataexplorer.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.test.spi.event.suite.BeforeSuite;

/**
 * Creates {@code java.io.tmpdir} before Arquillian starts the container: the Jetty adapter
 * checks its export folder when it starts, before any {@code @Deployment} method runs. Failsafe
 * points {@code java.io.tmpdir} at a folder of its own under {@code target/} (see pom.xml).
 * Registered in {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}.
 */
public class ItTmpDirExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(TmpDirCreator.class);
    }

    public static class TmpDirCreator {

        public void createTmpDir(@Observes(precedence = 1000) BeforeSuite event) throws IOException {
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        }
    }
}
