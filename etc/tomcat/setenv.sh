#!/bin/sh
# Tomcat setenv.sh for the data service: copy to $CATALINA_BASE/bin/setenv.sh and adjust (or set the
# variables below in the environment, e.g. in the systemd unit).
# Memory does not grow with the size of uploaded files; the heap mostly serves concurrent queries.
CATALINA_OPTS="$CATALINA_OPTS -Xmx${DATA_HEAP:-1g}"
# Arrow export (format=arrow) needs this on Java 17+; without it that format answers 501 naming the flag.
CATALINA_OPTS="$CATALINA_OPTS --add-opens=java.base/java.nio=ALL-UNNAMED"
# Ingest threads run at nice 19 (Java priority 1), so page reads arriving during uploads get a core at once.
CATALINA_OPTS="$CATALINA_OPTS -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19"
# Configuration: a directory holding data-service.properties (and optionally ehcache.xml). Single values
# can also be set as environment variables, e.g. DATA_STORAGE_DIR=/srv/data-service/datasets.
CATALINA_OPTS="$CATALINA_OPTS -Ddata.config.dir=${DATA_CONFIG_DIR:-/etc/data-service}"
# Logging: the access log (logger org.dataexplorer.access) and the service's own lines go through
# java.util.logging, i.e. Tomcat's conf/logging.properties (see conf/logging.properties of the project).

# JMX: the JVM's own remote connector on JMX_PORT (RMI registry and objects on the same port, one
# firewall hole). Without JMX_PASSWORD_FILE it listens on JMX_HOST (default 127.0.0.1) only and asks for
# no password: reach it through an SSH tunnel. With a password file (chmod 600, owned by the tomcat user)
# authentication is on; the access file names the roles (readonly / readwrite).
JMX_PORT=${JMX_PORT:-9010}
JMX_HOST=${JMX_HOST:-127.0.0.1}
CATALINA_OPTS="$CATALINA_OPTS -Dcom.sun.management.jmxremote.port=$JMX_PORT"
CATALINA_OPTS="$CATALINA_OPTS -Dcom.sun.management.jmxremote.rmi.port=$JMX_PORT"
CATALINA_OPTS="$CATALINA_OPTS -Dcom.sun.management.jmxremote.host=$JMX_HOST -Djava.rmi.server.hostname=$JMX_HOST"
CATALINA_OPTS="$CATALINA_OPTS -Dcom.sun.management.jmxremote.ssl=false"
if [ -n "$JMX_PASSWORD_FILE" ]; then
  CATALINA_OPTS="$CATALINA_OPTS -Dcom.sun.management.jmxremote.authenticate=true"
  CATALINA_OPTS="$CATALINA_OPTS -Dcom.sun.management.jmxremote.password.file=$JMX_PASSWORD_FILE"
  CATALINA_OPTS="$CATALINA_OPTS -Dcom.sun.management.jmxremote.access.file=${JMX_ACCESS_FILE:-$CATALINA_BASE/conf/jmxremote.access}"
else
  CATALINA_OPTS="$CATALINA_OPTS -Dcom.sun.management.jmxremote.authenticate=false"
fi
export CATALINA_OPTS
