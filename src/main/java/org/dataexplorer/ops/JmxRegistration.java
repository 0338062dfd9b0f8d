package org.dataexplorer.ops;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Registers the service's MXBeans in the platform MBean server (what jconsole and the JVM's remote
 * connector show) and unregisters them on close. A bean left behind by an earlier deployment in the same
 * JVM is replaced.
 */
final class JmxRegistration implements AutoCloseable {

    static final String DOMAIN = "org.dataexplorer";
    private static final Logger LOG = Logger.getLogger(JmxRegistration.class.getName());

    private final MBeanServer server;
    private final List<ObjectName> registered;

    private JmxRegistration(MBeanServer server, List<ObjectName> registered) {
        this.server = server;
        this.registered = registered;
    }

    static ObjectName name(String type) {
        try {
            return new ObjectName(DOMAIN, "type", type);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(type, e);
        }
    }

    static JmxRegistration register(OpsService ops) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<ObjectName> names = new ArrayList<>();
        JmxRegistration registration = new JmxRegistration(server, names);
        try {
            registration.add("Datasets", new StandardMBean(new Beans.Datasets(ops), DatasetsMXBean.class, true));
            registration.add("Ingest", new StandardMBean(new Beans.Ingest(ops), IngestMXBean.class, true));
            registration.add("Queries", new StandardMBean(new Beans.Queries(ops), QueriesMXBean.class, true));
            registration.add("Cache", new StandardMBean(new Beans.Cache(ops), CacheMXBean.class, true));
            registration.add("Storage", new StandardMBean(new Beans.Storage(ops), StorageMXBean.class, true));
            registration.add("Operations", new StandardMBean(new Beans.Operations(ops), OperationsMXBean.class, true));
        } catch (JMException | RuntimeException e) {
            registration.close();
            throw new IllegalStateException("Could not register the JMX beans: " + e, e);
        }
        return registration;
    }

    private void add(String type, StandardMBean bean) throws JMException {
        ObjectName name = name(type);
        try {
            server.registerMBean(bean, name);
        } catch (InstanceAlreadyExistsException e) {
            LOG.warning("Replacing the MBean " + name + " left by an earlier deployment");
            server.unregisterMBean(name);
            server.registerMBean(bean, name);
        }
        registered.add(name);
    }

    @Override
    public void close() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException gone) {
                // Already replaced or removed.
            } catch (JMException e) {
                LOG.log(Level.WARNING, "Could not unregister " + name, e);
            }
        }
        registered.clear();
    }
}
