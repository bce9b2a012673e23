# Settings and helpers shared by make-base-image, build-images and smoke-test (sourced, not run).

# The five services: name, module, container port (each service's default port).
SERVICES=(finger setter proxy weblog fib)
declare -A SERVICE_PORT=([finger]=1079 [setter]=1179 [proxy]=7779 [weblog]=8888 [fib]=8889)

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
  for c in $commands; do command -v "$c" >/dev/null 2>&1 || missing=1; done
  [[ $missing == 0 ]] && return 0
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "needs: $commands (Debian packages: $packages); install them and run again"
  fi
  say "installing $packages"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $packages >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $packages >/dev/null; } \
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
