import { flagValues, hasFlag, type DockerCommand } from '@shared/docker/command'

/** A port `-p` asked for: `8080:80`, `127.0.0.1:8080:80/tcp`, or just `80` (any host port). */
export interface PortAsk {
  hostPort: number | null
  containerPort: number
  protocol: string
  /** As written, for the learner. */
  text: string
}

/** What one docker command is meant to leave behind, beyond exiting 0. */
export type Expectation =
  | { kind: 'runs'; name: string | null; ports: PortAsk[] }
  | { kind: 'ran'; name: string | null; removed: boolean }
  | { kind: 'image'; ref: string; layersAdded: number | null }
  | { kind: 'volume'; name: string | null }
  | { kind: 'network'; name: string }
  | { kind: 'gone'; what: 'container' | 'image' | 'volume' | 'network'; names: string[] }
  | { kind: 'running'; names: string[] }
  | { kind: 'stopped'; names: string[] }
  /** A program that runs until stopped (Ctrl+C) and shows it worked only in what it prints: a ROS 2 listener. */
  | { kind: 'heard'; pattern: RegExp }

export function parsePortAsk(text: string): PortAsk | undefined {
  const [spec = '', protocol = 'tcp'] = text.split('/')
  const parts = spec.split(':')
  const container = Number(parts[parts.length - 1])
  const host = parts.length >= 2 ? Number(parts[parts.length - 2]) : NaN
  if (!Number.isInteger(container) || container <= 0) return undefined
  return { hostPort: Number.isInteger(host) && host > 0 ? host : null, containerPort: container, protocol, text }
}

/** Names given literally: a `$(…)` substitution or a template left in is not a name we can check. */
function literal(names: string[]): string[] {
  return names.filter((n) => n && !n.includes('$(') && !n.includes('`') && !/^[<[]/.test(n))
}

/**
 * Programs run in a container whose success is in their output: `ros2 run demo_nodes_cpp listener` (or the Python
 * demo's) has worked when it printed `I heard: [Hello World: N]`, that is when it heard a talker.
 */
function heardOf(cmd: DockerCommand): Expectation | undefined {
  if (cmd.verb !== 'run') return undefined
  const inContainer = cmd.args.slice(1)
  const at = inContainer.indexOf('ros2')
  const [, verb, pkg, exe] = at === -1 ? [] : inContainer.slice(at)
  if (verb === 'run' && /^demo_nodes_(?:cpp|py)$/.test(pkg ?? '') && exe === 'listener') {
    return { kind: 'heard', pattern: /I heard: \[Hello World: (\d+)\]/ }
  }
  return undefined
}

function expectationOf(cmd: DockerCommand): Expectation | undefined {
  const name = flagValues(cmd, '--name')[0] ?? null
  switch (cmd.verb) {
    case 'run':
      if (hasFlag(cmd, '-d', '--detach') && !hasFlag(cmd, '--rm')) {
        const ports = flagValues(cmd, '-p', '--publish')
          .map(parsePortAsk)
          .filter((p): p is PortAsk => p !== undefined)
        return { kind: 'runs', name, ports }
      }
      return { kind: 'ran', name, removed: hasFlag(cmd, '--rm') }
    case 'create':
      return { kind: 'ran', name, removed: false }
    case 'build': {
      const tag = flagValues(cmd, '-t', '--tag')[0]
      return tag ? { kind: 'image', ref: tag, layersAdded: null } : undefined
    }
    case 'commit':
      return cmd.args[1] ? { kind: 'image', ref: cmd.args[1], layersAdded: 1 } : undefined
    case 'pull':
      return cmd.args[0] ? { kind: 'image', ref: cmd.args[0], layersAdded: null } : undefined
    case 'tag':
      return cmd.args[1] ? { kind: 'image', ref: cmd.args[1], layersAdded: null } : undefined
    case 'volume create':
      return { kind: 'volume', name: cmd.args[0] ?? flagValues(cmd, '--name')[0] ?? null }
    case 'network create':
      return cmd.args[0] ? { kind: 'network', name: cmd.args[0] } : undefined
    case 'rm':
      return { kind: 'gone', what: 'container', names: literal(cmd.args) }
    case 'rmi':
      return { kind: 'gone', what: 'image', names: literal(cmd.args) }
    case 'volume rm':
      return { kind: 'gone', what: 'volume', names: literal(cmd.args) }
    case 'network rm':
      return { kind: 'gone', what: 'network', names: literal(cmd.args) }
    case 'start':
    case 'restart':
    case 'unpause':
      return { kind: 'running', names: literal(cmd.args) }
    case 'stop':
    case 'kill':
      return { kind: 'stopped', names: literal(cmd.args) }
    default:
      // Listing, inspecting, logs, exec, history, version, info…: exiting 0 is what they are meant to do.
      return undefined
  }
}

/** What a command line (read once, by the run) is meant to do, command by command; empty when exiting 0 is all. */
export function expectationsOf(commands: DockerCommand[]): Expectation[] {
  return commands.flatMap((cmd) => [expectationOf(cmd), heardOf(cmd)]).filter((e): e is Expectation => e !== undefined)
}
