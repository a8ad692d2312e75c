#!/bin/sh
# with-cluster.sh DIR PROGRAM [ARGS...] — runs a test that needs the throw-away
# PostgreSQL cluster of pgtmp.sh in DIR, or skips it (77) when the cluster was not
# started because this machine cannot run one (pgtmp.sh start said why).
dir=$1
shift
if [ ! -f "$dir/conninfo" ]; then
    echo "with-cluster: no PostgreSQL cluster in $dir (see store.postgres.start): skipped"
    exit 77
fi
exec "$@"
