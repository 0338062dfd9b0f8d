package org.dataexplorer.it;

import java.io.File;
import java.nio.file.Path;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The archive every integration test deploys: the WAR this build just packaged, under the name
 * {@code data.war} so that its context path is {@code /data}.
 *
 * <p>The Jetty adapter exports it to {@code ${java.io.tmpdir}/data.war} (and deletes that file at
 * exit). Failsafe points {@code java.io.tmpdir} at a folder of its own so the export never replaces
 * {@code target/data.war}; {@link ItTmpDirExtension} creates that folder before the container starts.
 *
 * <p>A webapp whose startup fails stays deployed and answers 503; the reason is in the log
 * (Jetty's SLF4J logging reaches java.util.logging through {@link Slf4jToJul}).
 */
public final class ItDeployment {

    public static final String ARCHIVE_NAME = "data.war";

    private ItDeployment() {
    }

    public static WebArchive war() {
        File war = new File(System.getProperty("data.war", "target/data.war"));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        if (tmp.equals(war.getAbsoluteFile().toPath().getParent())) {
            throw new IllegalStateException("java.io.tmpdir is " + tmp + ": the deployment export would replace "
                    + war + "; failsafe must set another java.io.tmpdir");
        }
        WebArchive imported = ShrinkWrap.createFromZipFile(WebArchive.class, war);
        return imported.getName().equals(ARCHIVE_NAME)
                ? imported
                : ShrinkWrap.create(WebArchive.class, ARCHIVE_NAME).merge(imported);
    }
}
