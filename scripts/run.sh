#!/bin/sh
# run.sh BUILD_DIR — what `make run` starts. The host (possumd) is not built yet, so
# for now this shows the toolbox that is; the host issue replaces it with possumd
# --demo, a background fleet and the console URL.
set -eu
build=$1
ctl="$build/src/ctl/possumctl"
cat <<EOF
possum: the host (possumd) is not built yet; the engineer's toolbox is.

  $ctl --help
EOF
"$ctl" --help | sed 's/^/    /'
cat <<EOF

Try:
  $ctl check idcard 11010519491231002X
  $ctl kcv --key 0123456789ABCDEFFEDCBA9876543210
EOF
