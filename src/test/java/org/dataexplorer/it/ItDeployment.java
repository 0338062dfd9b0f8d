package org.dataexplorer.it;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The archive every integration test deploys: the WAR this build just packaged, served at {@code /data}.
 *
 * <p>Under Tomcat the archive is {@code data.war}, whose name is the context path. Under Jetty each
 * deployment gets an archive name of its own ({@code data-1.war}, {@code data-2.war}, ...) and a
 * {@code WEB-INF/jetty-ee10-web.xml} that sets the context path to {@code /data}: the Jetty adapter's
 * deployment manager finds apps by their file, so with one name for all, undeploying a test class's app
 * stopped the first class's instead, and every later app failed to start (the running one still held the
 * cache directory's lock).
 *
 * <p>The adapter exports the archive to {@code ${java.io.tmpdir}} (and deletes it at exit). Failsafe points
 * {@code java.io.tmpdir} at a folder of its own so the export never replaces {@code target/data.war};
 * {@link ItTmpDirExtension} creates that folder before the container starts.
 *
 * <p>A webapp whose startup fails stays deployed and answers 503; the reason is in the log
 * (Jetty's SLF4J logging reaches java.util.logging through {@link Slf4jToJul}).
 */
public final class ItDeployment {

    public static final String ARCHIVE_NAME = "data.war";

    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();

    private static final String JETTY_CONTEXT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
            <Configure class="org.eclipse.jetty.ee10.webapp.WebAppContext">
              <Set name="contextPath">/data</Set>
            </Configure>
            """;

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
        if ("tomcat".equals(System.getProperty("arquillian.launch"))) {
            return imported.getName().equals(ARCHIVE_NAME)
                    ? imported
                    : ShrinkWrap.create(WebArchive.class, ARCHIVE_NAME).merge(imported);
        }
        return ShrinkWrap.create(WebArchive.class, "data-" + DEPLOYMENTS.incrementAndGet() + ".war")
                .merge(imported)
                .addAsWebInfResource(new StringAsset(JETTY_CONTEXT), "jetty-ee10-web.xml");
    }
}
