package org.dataexplorer.it;

import java.net.URL;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * An HTTP test against the WAR deployed in the embedded server (its own deployment per test class, see
 * {@link ItDeployment}): a fresh client before each test, and the datasets it created deleted after
 * (after the subclass's own {@code @AfterEach}, so a subclass may delete and check for leftovers first).
 */
@ArquillianTest
abstract class WithDeployedService {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItDeployment.war();
    }

    @ArquillianResource
    protected URL base;

    protected Http http;

    @BeforeEach
    final void newClient() {
        http = new Http(base);
    }

    @AfterEach
    final void deleteCreatedDatasets() {
        http.deleteCreated();
    }
}
