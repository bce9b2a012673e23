# shellcheck shell=bash disable=SC2034
# Settings and helpers shared by the scripts of this folder (sourced, not run).

# The services: name, module, container port (each service's default port; watch accepts no
# connections, and its image exposes its admin port).
SERVICES=(finger setter proxy weblog fib echo download watch notify exec)
declare -A SERVICE_PORT=([finger]=1079 [setter]=1179 [proxy]=7779 [weblog]=8888 [fib]=8889 [echo]=8000 [download]=8001 [watch]=9110 [notify]=6789 [exec]=1025)

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IMAGES_DIR="$REPO_ROOT/k8s/images"
# Where the base image's archive is kept between runs (a CI cache can keep this folder).
IMAGE_DIR=${IMAGE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/twisted-suite/images}
BASE_IMAGE=${BASE_IMAGE:-localhost/twisted-suite/base:bookworm-jre17}
BASE_ARCHIVE=${BASE_ARCHIVE:-$IMAGE_DIR/base-bookworm-jre17.oci.tar}
# Service images are named localhost/twisted-suite/<service>:<version>, as k8s/base refers to them.
IMAGE_PREFIX=${IMAGE_PREFIX:-localhost/twisted-suite}
# The unprivileged user every service runs as (also runAsUser in k8s/base).
APP_UID=10001

say() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
die() { say "$*"; exit 1; }

# Installs the Debian packages named when one of the commands named is missing.
# Usage: need_commands "podman runc" "podman runc"
need_commands() {
  local commands=$1 packages=$2 missing=0 c
  local -a package_list
  read -ra package_list <<< "$packages"
  for c in $commands; do command -v "$c" >/dev/null 2>&1 || missing=1; done
  [[ $missing == 0 ]] && return 0
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "needs: $commands (Debian packages: $packages); install them and run again"
  fi
  say "installing $packages"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${package_list[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${package_list[@]}" >/dev/null; } \
    || die "could not install $packages"
}

# podman with runc and cgroupfs, as works as root in a VM or a CI container. The default
# ulimits (nofile 1048576) exceed what such hosts allow a container, so ask for the host's own.
podman_() {
  podman --runtime runc --cgroup-manager cgroupfs "$@"
}
podman_run_limits() {
  local nofile
  nofile=$(ulimit -Hn)
  [[ $nofile == unlimited || $nofile -gt 1048576 ]] && nofile=1048576
  printf -- '--ulimit nofile=%s:%s --ulimit nproc=4096:4096' "$nofile" "$nofile"
}

# Makes sure the base image is in podman's storage: loads it from its archive, or says how to
# make it.
ensure_base_image() {
  podman_ image exists "$BASE_IMAGE" && return 0
  [[ -f $BASE_ARCHIVE ]] || die "no base image $BASE_IMAGE and no archive $BASE_ARCHIVE: run k8s/images/make-base-image first"
  say "loading $BASE_IMAGE from $BASE_ARCHIVE"
  podman_ load -q -i "$BASE_ARCHIVE" >/dev/null
  podman_ image exists "$BASE_IMAGE" || die "$BASE_ARCHIVE does not hold $BASE_IMAGE"
}

# The version in a service's fat jar name: finger-verticle-1.0.0-SNAPSHOT-fat.jar -> 1.0.0-SNAPSHOT.
jar_version() {
  local service=$1 jars
  jars=("$REPO_ROOT/$service-verticle/target/$service-verticle-"*-fat.jar)
  [[ -f ${jars[0]} ]] || die "no fat jar for $service: run 'mvn -pl $service-verticle package' first"
  local name
  name=$(basename "${jars[0]}")
  name=${name#"$service-verticle-"}
  printf '%s' "${name%-fat.jar}"
}

# Starts a service container the way k8s/base runs its pod: read-only root file system with a
# /tmp of its own, no capabilities, no privilege escalation, the image's unprivileged user, a
# memory limit, the ConfigMaps' files read-only under /etc/twisted-suite, and the Kubernetes
# Hazelcast configuration. (aardvark-dns, starting for a network's first container, complains
# that it finds no syslog: noise, left out.)
# Usage: pod_run NAME IMAGE ETC_DIR MEMORY [podman options...] -- [service arguments...]
pod_run() {
  local name=$1 image=$2 etc=$3 memory=$4
  shift 4
  local options=()
  while [[ $# -gt 0 && $1 != -- ]]; do options+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  # shellcheck disable=SC2046
  podman_ run -d --name "$name" $(podman_run_limits) \
    --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges \
    --memory "$memory" --cpus 1 \
    -v "$etc:/etc/twisted-suite:ro" \
    -e JDK_JAVA_OPTIONS=-Dvertx.hazelcast.config=/etc/twisted-suite/hazelcast.xml \
    "${options[@]}" "$image" "$@" \
    > /dev/null 2> >(grep -v 'failed to connect to syslog' >&2)
}

# Waits until a container logs "<service> listening on"; fails if it exits or takes too long.
# Usage: await_listening NAME SERVICE SECONDS
await_listening() {
  local name=$1 service=$2 seconds=$3 start=$SECONDS
  until podman_ logs "$name" 2>&1 | grep -q "$service listening on"; do
    [[ $(podman_ inspect -f '{{.State.Running}}' "$name" 2>/dev/null) == true ]] || return 1
    (( SECONDS - start < seconds )) || return 1
    sleep 1
  done
}
