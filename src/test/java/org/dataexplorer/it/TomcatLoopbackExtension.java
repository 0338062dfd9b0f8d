package org.dataexplorer.it;

import java.lang.reflect.Field;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Binds the embedded Tomcat of the {@code tomcat-embedded} profile to 127.0.0.1. Its Arquillian adapter uses
 * {@code bindAddress} as the host name only, so its connector listens on every interface, where the service in
 * none mode refuses to start; once the container has started, and before anything is deployed, the connector is
 * replaced by one on 127.0.0.1 and the same port. Does nothing in another container. Tomcat is not on the
 * default test class path, hence reflection. Registered in
 * {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}.
 */
public class TomcatLoopbackExtension implements LoadableExtension {

    private static final String TOMCAT_CONTAINER = "org.jboss.arquillian.container.tomcat.embedded.Tomcat10EmbeddedContainer";

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Rebinder.class);
    }

    public static class Rebinder {

        public void bindToLoopback(@Observes AfterStart event) throws ReflectiveOperationException {
            DeployableContainer<?> container = event.getDeployableContainer();
            if (!container.getClass().getName().equals(TOMCAT_CONTAINER)) {
                return;
            }
            Field field = container.getClass().getDeclaredField("tomcat");
            field.setAccessible(true);
            Object tomcat = field.get(container);
            ClassLoader loader = tomcat.getClass().getClassLoader();
            Class<?> connectorType = Class.forName("org.apache.catalina.connector.Connector", true, loader);
            Object old = tomcat.getClass().getMethod("getConnector").invoke(tomcat);
            int port = (int) connectorType.getMethod("getPort").invoke(old);
            Object service = tomcat.getClass().getMethod("getService").invoke(tomcat);
            Class<?> serviceType = Class.forName("org.apache.catalina.Service", true, loader);
            serviceType.getMethod("removeConnector", connectorType).invoke(service, old); // stops it
            connectorType.getMethod("destroy").invoke(old); // unbinds the port (bound at init)
            Object loopback = connectorType.getConstructor().newInstance();
            connectorType.getMethod("setPort", int.class).invoke(loopback, port);
            connectorType.getMethod("setProperty", String.class, String.class).invoke(loopback, "address", "127.0.0.1");
            serviceType.getMethod("addConnector", connectorType).invoke(service, loopback); // starts it
            tomcat.getClass().getMethod("setConnector", connectorType).invoke(tomcat, loopback);
        }
    }
}
