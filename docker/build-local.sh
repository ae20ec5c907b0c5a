#!/usr/bin/env bash
# Builds docker/Dockerfile without a Docker engine or a registry, and checks the image answers /version.
#
# For machines like the project's own (Debian, root, no Docker engine, no registry access):
#   1. assembles two base images from Debian packages with debootstrap (a JRE 17 one to run, a JDK 17
#      one to build) and imports them with `podman import`;
#   2. builds docker/Dockerfile with `podman build --isolation chroot`, Maven working offline against
#      this machine's ~/.m2 (mounted as an overlay, so the build cannot change it);
#   3. starts the image's ENTRYPOINT with the image's ENV, WORKDIR and USER on its extracted file system
#      (unshare + chroot: `podman run` cannot set resource limits in this sandbox), waits for /version,
#      runs the image's HEALTHCHECK command, writes an entity, restarts on the same data directory
#      and reads the entity back.
# Not part of `./mvnw verify` or .ci/run. Needs: apt-get install -y podman buildah debootstrap
# Usage: docker/build-local.sh [port]        (default port 1032; WORK=/tmp/civic-broker-image)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-1032}"
WORK="${WORK:-/tmp/civic-broker-image}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
IMAGE=localhost/civic-broker:local
JRE_IMAGE=localhost/civic-jre17:local
JDK_IMAGE=localhost/civic-jdk17:local
PATH_ENV='PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
mkdir -p "$WORK"
say() { printf '\n== %s\n' "$*"; }

for tool in podman debootstrap unshare chroot curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y podman buildah debootstrap)" >&2; exit 1; }
done

# Runs a command inside a root file system, as USER (uid:gid), with /proc mounted (the JVM needs
# /proc/self/exe). unshare execs sh, which execs chroot, env and the command in turn, so a background
# `$IN_ROOT ... &` (a simple command, not a function: bash would fork again) has the command's own pid.
IN_ROOT=(unshare --mount sh -c 'mount -t proc proc "$1/proc" && exec chroot --userspec="$0" "$@"')
in_root() { "${IN_ROOT[@]}" "$@"; }

if ! podman image exists "$JRE_IMAGE"; then
  say "base image $JRE_IMAGE: debootstrap bookworm + openjdk-17-jre-headless"
  if [ ! -x "$WORK/jre/usr/bin/java" ]; then  # a previous run's root file system is reused
    rm -rf "$WORK/jre"
    debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$WORK/jre" "$MIRROR"
  fi
  rm -rf "$WORK"/jre/var/cache/apt/archives/*.deb "$WORK"/jre/var/lib/apt/lists/*
  tar -C "$WORK/jre" -c . | podman import --change "ENV $PATH_ENV" - "$JRE_IMAGE"
fi
if ! podman image exists "$JDK_IMAGE"; then
  say "build image $JDK_IMAGE: the same + openjdk-17-jdk-headless"
  rm -rf "$WORK/jdk" && cp -a "$WORK/jre" "$WORK/jdk"
  cp /etc/resolv.conf "$WORK/jdk/etc/resolv.conf"
  in_root 0:0 "$WORK/jdk" sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jdk-headless && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb'
  tar -C "$WORK/jdk" -c . | podman import --change "ENV $PATH_ENV" - "$JDK_IMAGE"
fi

say "podman build --isolation chroot (Maven offline on this machine's ~/.m2)"
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
podman build --isolation chroot --format docker -f docker/Dockerfile -t "$IMAGE" \
  --build-arg BUILD_IMAGE="$JDK_IMAGE" --build-arg BASE_IMAGE="$JRE_IMAGE" \
  --build-arg MAVEN_USER_HOME=/m2 --build-arg MAVEN_ARGS="-B -ntp -o -Dmaven.repo.local=/m2/repository" \
  --build-arg VERSION="$version" --build-arg REVISION="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  -v "$HOME/.m2:/m2:O" .

say "image"
podman image inspect "$IMAGE" --format 'size={{.Size}} user={{.Config.User}} workdir={{.Config.WorkingDir}} entrypoint={{.Config.Entrypoint}} ports={{.Config.ExposedPorts}} volumes={{.Config.Volumes}}'
podman image inspect "$IMAGE" --format '{{range $k, $v := .Labels}}{{$k}}={{$v}}{{"\n"}}{{end}}' | grep opencontainers
podman image inspect "$IMAGE" --format 'healthcheck={{json .HealthCheck}}'

say "extract the image's file system"
rm -rf "$WORK/run" && mkdir -p "$WORK/run"
cid=$(podman create "$IMAGE")
podman export "$cid" | tar -C "$WORK/run" -x
podman rm "$cid" >/dev/null

# The image's own ENV, WORKDIR, USER and ENTRYPOINT; only the port is changed, to stay off 1026.
mapfile -t envs < <(podman image inspect "$IMAGE" --format '{{range .Config.Env}}{{.}}{{"\n"}}{{end}}' | grep -v '^$')
envs+=("QUARKUS_HTTP_PORT=$PORT")
workdir=$(podman image inspect "$IMAGE" --format '{{.Config.WorkingDir}}')
user=$(podman image inspect "$IMAGE" --format '{{.Config.User}}')
mapfile -t entry < <(podman image inspect "$IMAGE" --format '{{range .Config.Entrypoint}}{{.}}{{"\n"}}{{end}}' | grep -v '^$')
start() {
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then echo "port $PORT is already in use" >&2; exit 1; fi
  "${IN_ROOT[@]}" "$user:0" "$WORK/run" /usr/bin/env -i -C "$workdir" "${envs[@]}" "${entry[@]}" >> "$WORK/broker.log" 2>&1 &
  pid=$!
  for _ in $(seq 90); do
    curl -fsS "http://127.0.0.1:$PORT/version" > "$WORK/version.json" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/broker.log"; echo "broker exited" >&2; exit 1; }
    sleep 1
  done
  cat "$WORK/broker.log"; echo "no /version after 90 s" >&2; kill "$pid"; exit 1
}
stop() {
  kill "$pid"; wait "$pid" 2>/dev/null || true
  for _ in $(seq 30); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" || return 0; sleep 1; done
  echo "broker still answers after stop" >&2; exit 1
}
: > "$WORK/broker.log"
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true' EXIT   # never leave a broker behind

say "start: ${entry[*]} as user $user in $workdir, port $PORT"
start
cat "$WORK/version.json"; echo
grep -q '"api":"NGSI-LD"' "$WORK/version.json"

say "HEALTHCHECK command"
mapfile -t probe < <(podman image inspect "$IMAGE" --format '{{range .HealthCheck.Test}}{{.}}{{"\n"}}{{end}}' | grep -v '^$' | tail -n +2)
in_root "$user:0" "$WORK/run" /usr/bin/env -i -C "$workdir" "${envs[@]}" "${probe[@]}" && echo "healthy"

say "data survives a restart (volume $workdir/data)"
id="urn:ngsi-ld:Thing:build-local-$$"
curl -fsS -X POST "http://127.0.0.1:$PORT/ngsi-ld/v1/entities" -H 'Content-Type: application/json' \
  -d "{\"id\":\"$id\",\"type\":\"Thing\",\"n\":{\"type\":\"Property\",\"value\":1}}"
stop
start
cat "$WORK/version.json"; echo
grep -q '"uptime":"0 d, 0 h, 0 m' "$WORK/version.json"   # a fresh process answered
curl -fsS "http://127.0.0.1:$PORT/ngsi-ld/v1/entities/$id"; echo
stop
say "OK: $IMAGE built, started from its entrypoint, answered /version, healthy, kept its data"
