/**
 * Local stand-ins for chapter 4's ROS 2 images (no registry is reachable, and the real ones are 280 MB to 1 GB), built
 * from the tests' busybox image and named like the real ones, so the chapter's steps run as printed:
 *
 * - `osrf/ros:jazzy-desktop`: a `ros2` script whose `ros2 run demo_nodes_cpp talker` and `… listener` print what the
 *   real nodes print (`Publishing: 'Hello World: N'`, `I heard: [Hello World: N]`), and an `rviz2` that opens an X
 *   window (the machine's own xmessage, see x-client.ts) named rviz2.
 * - `ros:jazzy`: the same `ros2` without demo_nodes_cpp (it prints `Package 'demo_nodes_cpp' not found`, as the real
 *   ros-base does), and an `apt-get` that "installs" ros-jazzy-demo-nodes-cpp, so the chapter's Dockerfile builds
 *   offline.
 *
 * No DDS here: the talker serves its count over HTTP on its domain's RTPS port (7400 + 250 × ROS_DOMAIN_ID) and the
 * listener asks the container named `talker` for it (found through Docker's DNS), so a listener hears a talker only on
 * the same user-defined network and domain, as with the real discovery.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { TEST_IMAGE } from './test-image'
import { copyXClient } from './x-client'

export const ROS_DESKTOP = 'osrf/ros:jazzy-desktop'
export const ROS_BASE = 'ros:jazzy'

const ROS2 = `#!/bin/sh
# Whalebook's test stand-in for ROS 2's ros2 (tests/support/ros-stand-in.ts): not ROS.
stamp() { echo "$(date +%s).000000000"; }
log() { echo "[INFO] [$(stamp)] [$1]: $2"; }
stop() { log rclcpp 'signal_handler(signum=2)'; exit 0; }
trap stop INT TERM
if [ "\${1:-}" != run ] || [ $# -lt 3 ]; then echo 'usage: ros2 run <package_name> <executable_name>' >&2; exit 2; fi
if [ ! -d "/opt/ros/$ROS_DISTRO/share/$2" ]; then echo "Package '$2' not found" >&2; exit 1; fi
port=$((7400 + 250 * \${ROS_DOMAIN_ID:-0}))
case "$3" in
  talker)
    mkdir -p /tmp/chatter
    httpd -p "$port" -h /tmp/chatter
    n=1
    while :; do
      echo "Hello World: $n" > /tmp/chatter/next && mv /tmp/chatter/next /tmp/chatter/chatter
      log talker "Publishing: 'Hello World: $n'"
      n=$((n + 1))
      sleep 1
    done ;;
  listener)
    last=''
    while :; do
      # busybox's own resolver (static wget cannot resolve names, and crashes with -T): Docker's DNS knows the network.
      ip=$(nslookup talker 2>/dev/null | awk '/^Name:/ { found = 1 } found && /^Address/ { print $2; exit }')
      heard=$([ -n "$ip" ] && timeout 2 wget -q -O - "http://$ip:$port/chatter" 2>/dev/null)
      if [ -n "$heard" ] && [ "$heard" != "$last" ]; then log listener "I heard: [$heard]"; last=$heard; fi
      sleep 0.3
    done ;;
  *) echo 'No executable found' >&2; exit 1 ;;
esac
`

const RVIZ2 = `#!/bin/sh
# Whalebook's test stand-in for rviz2: an X window named rviz2 (xmessage), closed by Ctrl+C as rviz2 is.
/usr/bin/xmessage -name rviz2 -title RViz 'rviz2 (Whalebook test stand-in)' &
window=$!
trap 'kill $window; exit 0' INT TERM
wait $window
`

const APT_GET = `#!/bin/sh
# Whalebook's test stand-in for apt-get: installs only ros-<distro>-demo-nodes-cpp, offline.
case "$1" in
  update) echo 'Reading package lists... Done' ;;
  install)
    shift
    for p in "$@"; do
      case "$p" in
        -*) ;;
        ros-*-demo-nodes-cpp) mkdir -p "/opt/ros/$ROS_DISTRO/share/demo_nodes_cpp" && echo "Setting up $p ..." ;;
        *) echo "E: Unable to locate package $p" >&2; exit 100 ;;
      esac
    done ;;
  *) echo "E: Invalid operation $1" >&2; exit 100 ;;
esac
`

function write(root: string, path: string, text: string, mode = 0o755): void {
  const to = join(root, path)
  mkdirSync(dirname(to), { recursive: true })
  writeFileSync(to, text)
  chmodSync(to, mode)
}

function build(dockerHost: string, tag: string, fill: (root: string) => void): void {
  const env = { ...process.env, DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '0' }
  if (spawnSync('docker', ['image', 'inspect', tag], { env, stdio: 'ignore' }).status === 0) return
  const context = mkdtempSync(join(tmpdir(), 'wb-ros-'))
  try {
    const root = join(context, 'rootfs')
    write(root, 'ros_entrypoint.sh', '#!/bin/sh\nexec "$@"\n')
    write(root, 'opt/ros/jazzy/bin/ros2', ROS2)
    fill(root)
    writeFileSync(
      join(context, 'Dockerfile'),
      [
        `FROM ${TEST_IMAGE}`,
        'COPY rootfs/ /',
        'ENV ROS_DISTRO=jazzy PATH=/opt/ros/jazzy/bin:/usr/bin:/bin',
        `LABEL org.whalebook.stand-in="Whalebook's test stand-in for ${tag}"`,
        'ENTRYPOINT ["/ros_entrypoint.sh"]',
        'CMD ["sh"]',
      ].join('\n'),
    )
    const built = spawnSync('docker', ['build', '-q', '-t', tag, context], { env, encoding: 'utf8' })
    if (built.status !== 0) throw new Error(`building the ${tag} stand-in failed: ${built.stderr}`)
  } finally {
    rmSync(context, { recursive: true, force: true })
  }
}

export function buildRosStandIns(dockerHost: string): void {
  build(dockerHost, ROS_DESKTOP, (root) => {
    write(root, 'opt/ros/jazzy/share/demo_nodes_cpp/package.xml', '<package><name>demo_nodes_cpp</name></package>\n')
    write(root, 'opt/ros/jazzy/bin/rviz2', RVIZ2)
    copyXClient(root)
  })
  build(dockerHost, ROS_BASE, (root) => write(root, 'usr/bin/apt-get', APT_GET))
}
