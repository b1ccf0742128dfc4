#!/usr/bin/env bash
# `npm run test:image`: builds the container image from the Dockerfile and runs the server inside it, the way a
# self-hoster's `docker compose up` would, on a machine without a Docker engine or registry access:
#   1. the base image node:20-bookworm-slim is made locally (debootstrap + this machine's Node 20), once;
#   2. `buildah build --isolation chroot --pull=never` builds the Dockerfile (build time and image size printed);
#   3. the image's CMD runs as the image's user with a host folder as /data: health check (also the image's own
#      HEALTHCHECK command), first admin through the setup API, a timer started and stopped over HTTP with the
#      session cookie and CSRF token, an online backup with the CLI inside the image, SIGTERM and the time until
#      the process is gone (at most 3 s);
#   4. a second container on the same /data folder finds the stopped entry.
# Needs root, buildah, debootstrap and curl; fails (non-zero) at the first step that does not hold.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_IMAGE=docker.io/library/node:20-bookworm-slim
IMAGE=localhost/timetracker:test
STOP_LIMIT_MS=3000
START_LIMIT_S=120
started=$(date +%s)
step() { echo "== image: $1 ($(($(date +%s) - started)) s)"; }
fail() {
  echo "image test FAILED: $1" >&2
  exit 1
}

for tool in buildah debootstrap curl; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done
[[ $(id -u) == 0 ]] || fail "buildah build --isolation chroot and debootstrap need root"

work=$(mktemp -d)
containers=()
server_pid=''
runner_pid=''
cleanup() {
  set +e
  # buildah run ends what it runs when it gets SIGTERM.
  [[ -n $server_pid ]] && kill -KILL "$server_pid" 2>/dev/null
  [[ -n $runner_pid ]] && kill -TERM "$runner_pid" 2>/dev/null && wait "$runner_pid" 2>/dev/null
  for c in "${containers[@]}"; do buildah rm "$c" >/dev/null 2>&1; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# The Debian mirror this machine's apt uses (deb822 .sources or one-line sources.list), else Debian's CDN.
debian_mirror() {
  local url
  url=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -oE '(URIs:[[:space:]]*|^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?)https?://[^[:space:]]+/debian/?([[:space:]]|$)' |
    grep -oE 'https?://[^[:space:]]+' | head -n 1 || true)
  echo "${url:-http://deb.debian.org/debian}"
}

# A stand-in for the official node:20-bookworm-slim, laid out as it is: a minimal Debian bookworm without docs,
# Node 20 in /usr/local with npm and Node's headers (node-gyp builds against them), the user `node` (uid 1000).
make_base_image() {
  if buildah inspect --type image "$BASE_IMAGE" >/dev/null 2>&1; then
    step "base image $BASE_IMAGE exists, kept"
    return
  fi
  local node_bin node_prefix node_major mirror rootfs ctr mnt
  node_bin=$(readlink -f "$(command -v node)")
  node_prefix=$(dirname "$(dirname "$node_bin")")
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [[ $node_major == 20 ]] || fail "this machine's Node is $(node -v), the base image needs Node 20"
  [[ -f $node_prefix/include/node/node.h ]] || fail "Node's headers are missing under $node_prefix/include/node"
  [[ -d $node_prefix/lib/node_modules/npm ]] || fail "npm is missing under $node_prefix/lib/node_modules"
  mirror=$(debian_mirror)

  step "making the base image $BASE_IMAGE: debootstrap --variant=minbase bookworm from $mirror"
  rootfs=$work/rootfs
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    {
      tail -n 30 "$work/debootstrap.log" >&2
      fail "debootstrap"
    }
  # As Debian's slim images: no docs, man pages or translations, now or from later apt-get installs.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/var/log/* "$rootfs"/dev/*
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF

  step "adding this machine's Node $(node -v) (with npm and headers) under /usr/local"
  install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include"
  cp -a "$node_prefix/lib/node_modules/npm" "$rootfs/usr/local/lib/node_modules/"
  cp -a "$node_prefix/include/node" "$rootfs/usr/local/include/"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  chroot "$rootfs" node --version >/dev/null || fail "node does not run inside the base file system"

  ctr=$(buildah from scratch)
  containers+=("$ctr")
  mnt=$(buildah mount "$ctr")
  tar -C "$rootfs" -cf - . | tar -C "$mnt" -xpf -
  buildah umount "$ctr" >/dev/null
  rm -rf "$rootfs"
  buildah config --cmd '["node"]' --env "NODE_VERSION=$(node -p process.versions.node)" \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --label org.opencontainers.image.description="local stand-in for the official node:20-bookworm-slim" "$ctr"
  buildah commit --quiet --format docker "$ctr" "$BASE_IMAGE" >/dev/null
  step "base image $BASE_IMAGE: $(buildah images --format '{{.Size}}' "$BASE_IMAGE")"
}

make_base_image

# The CA bundle this machine's npm trusts (a proxy that inspects TLS), handed to `npm ci` as a build secret.
build_secret=()
ca_bundle=${NODE_EXTRA_CA_CERTS:-$(npm config get cafile 2>/dev/null || true)}
[[ -f $ca_bundle ]] && build_secret=(--secret "id=build_ca,src=$ca_bundle")

step "buildah build --isolation chroot --pull=never -t $IMAGE . ${build_secret[*]}"
build_started=$(date +%s)
# --format docker: the OCI image format has no HEALTHCHECK; Docker and Compose read it from the docker format.
buildah build --isolation chroot --pull=never --format docker --layers --force-rm "${build_secret[@]}" -t "$IMAGE" . \
  >"$work/build.log" 2>&1 ||
  {
    tail -n 60 "$work/build.log" >&2
    fail "the image did not build"
  }
build_seconds=$(($(date +%s) - build_started))
image_size=$(buildah images --format '{{.Size}}' "$IMAGE")
step "built in $build_seconds s, image size $image_size"

# What the image says about itself, as Docker reads it: no entrypoint in front of node, CMD in exec form, a user
# that is not root, a HEALTHCHECK on /api/v1/health. Its CMD and HEALTHCHECK command are what runs below.
buildah inspect --type image "$IMAGE" >"$work/image.json"
node - "$work" <<'EOF_NODE' || fail "the image's configuration"
const fs = require('node:fs');
const work = process.argv[2];
const config = JSON.parse(fs.readFileSync(`${work}/image.json`, 'utf8')).Docker.config;
const problems = [];
if ((config.Entrypoint ?? []).length > 0) problems.push(`an entrypoint runs first: ${JSON.stringify(config.Entrypoint)}`);
if (!('/data' in (config.Volumes ?? {}))) problems.push('no VOLUME /data');
if (config.Cmd?.[0] !== 'node') problems.push(`CMD does not start node directly: ${JSON.stringify(config.Cmd)}`);
if (!config.User || config.User === 'root' || config.User === '0') problems.push('the image runs as root');
const test = config.Healthcheck?.Test ?? [];
if (test[0] !== 'CMD' || !test.join(' ').includes('/api/v1/health')) problems.push(`no HEALTHCHECK on /api/v1/health: ${JSON.stringify(test)}`);
console.log(`CMD ${JSON.stringify(config.Cmd)}, USER ${config.User}, VOLUME ${Object.keys(config.Volumes ?? {})}, HEALTHCHECK ${JSON.stringify(test.slice(1))}`);
if (problems.length) { console.error(problems.join('\n')); process.exit(1); }
fs.writeFileSync(`${work}/cmd`, config.Cmd.join('\n'));
fs.writeFileSync(`${work}/healthcheck`, test.slice(1).join('\n'));
EOF_NODE
mapfile -t server_cmd <"$work/cmd"
mapfile -t health_cmd <"$work/healthcheck"

# new_container VAR: a new working container from the image, its name in VAR (and removed on exit). `buildah run`
# mounts a container-private folder over each of the image's VOLUMEs, even over a --volume for the same path
# (`docker run -v` replaces it), so the working container forgets the VOLUME and the host folder is what /data is.
new_container() {
  local -n name=$1
  name=$(buildah from --pull=never --quiet "$IMAGE")
  containers+=("$name")
  buildah config --volume /data- "$name"
}
run_in() { buildah run --isolation chroot --network host "$@"; }

step "the image's user and tools"
new_container probe
containers_uid=$(run_in "$probe" -- id -u)
[[ $containers_uid != 0 ]] || fail "commands in the image run as root"
if run_in --user root "$probe" -- sh -c 'command -v g++ || command -v cc || command -v make' >/dev/null 2>&1; then
  fail "the runtime image contains a compiler"
fi

data=$work/data
mkdir -p "$data"
chown "$containers_uid" "$data"
port=$((58000 + RANDOM % 1000))
base=http://127.0.0.1:$port

# The process below PID $1 (buildah run → buildah-chroot-runtime → buildah-chroot-exec → node) whose command line
# is the image's CMD: node itself. Shell builtins only, so the scan of /proc is quick on a busy machine.
find_server_pid() {
  local proc pid up line argv fields
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    mapfile -d '' -t argv <"$proc/cmdline" 2>/dev/null || continue
    ((${#argv[@]})) || continue
    argv[0]=${argv[0]##*/}
    [[ ${argv[*]} == "${server_cmd[*]}" ]] || continue
    up=$pid
    while [[ $up != "$1" && $up -gt 1 ]]; do
      read -r line <"/proc/$up/stat" || break
      read -r -a fields <<<"${line##*) }"
      up=${fields[1]}
    done
    if [[ $up == "$1" ]]; then
      echo "$pid"
      return
    fi
  done
}

# Starts the image's CMD in container $1 on the data folder, logging to $2; sets runner_pid (buildah run) and
# server_pid (node itself, the process Docker would start as the container's first one).
start_server() {
  local ctr=$1 log=$2
  buildah run --isolation chroot --network host --env PORT="$port" --volume "$data:/data" "$ctr" -- "${server_cmd[@]}" \
    >"$log" 2>&1 &
  runner_pid=$!
  local t0=$SECONDS
  # Generous: in CI this runs niced beside the test suite on two cores.
  until curl -sf "$base/api/v1/health" >/dev/null; do
    kill -0 "$runner_pid" 2>/dev/null || {
      cat "$log" >&2
      fail "the server in the image exited at start-up"
    }
    ((SECONDS - t0 < START_LIMIT_S)) || {
      cat "$log" >&2
      fail "no health answer within $START_LIMIT_S s"
    }
    sleep 0.2
  done
  echo "health answered $((SECONDS - t0)) s after the start"
  server_pid=$(find_server_pid "$runner_pid")
  [[ -n $server_pid ]] || fail "the server process was not found below buildah run"
  [[ $(stat -c %u "/proc/$server_pid") == "$containers_uid" ]] || fail "the server does not run as the image's user"
  echo "server: pid $server_pid, uid $containers_uid, $(readlink "/proc/$server_pid/exe")"
}

# SIGTERM to node, as `docker stop` sends it to the container's first process; the time until it is gone.
stop_server() {
  local t0 t1 ms
  t0=$(date +%s%N)
  kill -TERM "$server_pid"
  while [[ -e /proc/$server_pid ]]; do sleep 0.02; done
  t1=$(date +%s%N)
  ms=$(((t1 - t0) / 1000000))
  server_pid=''
  wait "$runner_pid" || fail "the server exited with status $? after SIGTERM"
  runner_pid=''
  echo "exit after SIGTERM: $ms ms"
  ((ms <= STOP_LIMIT_MS)) || fail "the server took $ms ms to exit after SIGTERM (limit $STOP_LIMIT_MS ms)"
}

step "first start on an empty /data"
new_container first
start_server "$first" "$work/server-1.log"
echo "health: $(curl -sf "$base/api/v1/health")"
run_in --env PORT="$port" "$probe" -- "${health_cmd[@]}" || fail "the image's HEALTHCHECK command reports unhealthy"
echo "the image's HEALTHCHECK command: healthy (exit 0)"
step "the admin and a timer over HTTP"
npx tsx scripts/image-test-api.ts first-start "$base" "$work/entry-id"
entry_id=$(cat "$work/entry-id")
step "online backup with the CLI inside the image, while the server runs"
backup=$(run_in --volume "$data:/data" "$probe" -- node dist/cli/main.js backup /data/backups/image-test.sqlite) ||
  fail "the CLI's online backup failed inside the image"
echo "$backup"
grep -q ' 1 users, 1 time entries\.$' <<<"$backup" || fail "the backup does not hold the admin and the entry"
step "SIGTERM"
stop_server
grep -q '"msg":"shutting down"' "$work/server-1.log" || fail "the server did not log its shutdown"
ls -l "$data"
for file in timetracker.sqlite secret.key backups/image-test.sqlite; do
  [[ -f $data/$file ]] || fail "$file is not in the folder mounted as /data"
done

step "second start on the same /data, in a new container"
new_container second
start_server "$second" "$work/server-2.log"
npx tsx scripts/image-test-api.ts second-start "$base" "$entry_id"
stop_server

step "passed: image $IMAGE, $image_size, built in $build_seconds s"
