#!/bin/sh
# Tomcat setenv.sh for the data service: copy to $CATALINA_BASE/bin/setenv.sh and adjust.
# Memory does not grow with the size of uploaded files; the heap mostly serves concurrent queries.
CATALINA_OPTS="$CATALINA_OPTS -Xmx1g"
# Configuration: a directory holding data-service.properties (and optionally ehcache.xml).
CATALINA_OPTS="$CATALINA_OPTS -Ddata.config.dir=/etc/data-service"
# Or set single values, e.g.:
#   export DATA_STORAGE_DIR=/srv/data-service/datasets
#   export DATA_MAX_UPLOAD_BYTES=20GB
export CATALINA_OPTS
