import { dockerCommands, hasFlag, type DockerCommand } from '../docker/command'
import { sameImageRef } from '../docker/image-ref'

/**
 * The learner's real output of a step beside a typical one, rows aligned, with the differences explained.
 *
 * The book itself prints no command output, so the typical outputs are Whalebook's own (from Docker Engine 20.10 on
 * Linux), shown as such, never as the book's. Tables are aligned by their key column (an image's repository and tag,
 * a container's name); JSON by key; text by line.
 */
export type Reason =
  /** Ids are random per machine. */
  | 'id'
  /** Dates and ages differ with when you ran it. */
  | 'date'
  /** Sizes differ with versions and layers shared. */
  | 'size'
  /** Running for a different time, or the same state worded anew. */
  | 'status'
  /** Paths under Docker's data folder depend on how it is set up. */
  | 'path'
  /** Newer engines add (or word differently) columns and fields. */
  | 'newer'
  /** Your counts depend on what you have made so far. */
  | 'count'
  /** The first run downloads the image: its pull progress comes first. */
  | 'pull'

export interface AlignedRow {
  typical: string | null
  yours: string | null
  /** `same`; `expected`: differs only where it should (see `reasons`); `unexpected`; `missing`: only in the typical
   * output; `extra`: only in yours. */
  status: 'same' | 'expected' | 'unexpected' | 'missing' | 'extra'
  reasons: Reason[]
  /** For `unexpected`: the columns or fields that differ. */
  fields: string[]
}

export interface OutputComparison {
  referenceId: string
  rows: AlignedRow[]
}

interface Reference {
  id: string
  matches: (cmd: DockerCommand) => boolean
  format: 'table' | 'json' | 'text'
  text: string
  /** Table columns that identify a row. */
  key?: string[]
  /** Columns or JSON fields expected to differ, and why. */
  volatile?: Record<string, Reason>
  /** Text lines expected only in yours (a first run's pull progress). */
  extraLines?: RegExp
}

const REFERENCES: Reference[] = [
  {
    id: 'image-ls',
    matches: (c) => c.verb === 'images' && !hasFlag(c, '-q', '--quiet', '--format'),
    format: 'table',
    key: ['REPOSITORY', 'TAG'],
    volatile: { 'IMAGE ID': 'id', CREATED: 'date', SIZE: 'size' },
    text: `REPOSITORY   TAG       IMAGE ID       CREATED        SIZE
nginx        v2        4f1b7c3a5e21   10 seconds ago 142MB
nginx        latest    605c77e624dd   2 weeks ago    141MB
ubuntu       18.04     5a214d77f5d7   3 months ago   63.1MB`,
  },
  {
    id: 'ps',
    matches: (c) => c.verb === 'ps' && !hasFlag(c, '-q', '--quiet', '--format'),
    format: 'table',
    key: ['NAMES'],
    volatile: { 'CONTAINER ID': 'id', CREATED: 'date', STATUS: 'status', PORTS: 'newer' },
    text: `CONTAINER ID   IMAGE     COMMAND                  CREATED          STATUS          PORTS                NAMES
3f1b0c2d4e5f   nginx     "/docker-entrypoint.…"   10 seconds ago   Up 9 seconds    0.0.0.0:80->80/tcp   webserver`,
  },
  {
    id: 'history',
    matches: (c) => c.verb === 'history' && !hasFlag(c, '-q', '--quiet', '--format'),
    format: 'table',
    key: ['CREATED BY'],
    volatile: { IMAGE: 'id', CREATED: 'date', SIZE: 'size', COMMENT: 'newer' },
    text: `IMAGE          CREATED          CREATED BY                                      SIZE      COMMENT
4f1b7c3a5e21   10 seconds ago   nginx -g daemon off;                            1.1kB     修改了默认网页
605c77e624dd   2 weeks ago      /bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon…   0B
<missing>      2 weeks ago      /bin/sh -c #(nop)  STOPSIGNAL SIGQUIT           0B`,
  },
  {
    id: 'volume-ls',
    matches: (c) => c.verb === 'volume ls' && !hasFlag(c, '-q', '--quiet', '--format'),
    format: 'table',
    key: ['VOLUME NAME'],
    text: `DRIVER    VOLUME NAME
local     my-vol`,
  },
  {
    id: 'system-df',
    matches: (c) => c.verb === 'system df' && !hasFlag(c, '-v', '--verbose', '--format'),
    format: 'table',
    key: ['TYPE'],
    volatile: { TOTAL: 'count', ACTIVE: 'count', SIZE: 'size', RECLAIMABLE: 'size' },
    text: `TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
Images          2         1         204.5MB   63.15MB (30%)
Containers      1         1         1.09kB    0B (0%)
Local Volumes   1         0         0B        0B
Build Cache     0         0         0B        0B`,
  },
  {
    id: 'volume-inspect',
    matches: (c) => c.verb === 'volume inspect' && !hasFlag(c, '-f', '--format'),
    format: 'json',
    volatile: { CreatedAt: 'date', Mountpoint: 'path', Labels: 'newer' },
    text: `[
    {
        "CreatedAt": "2021-06-01T08:00:00Z",
        "Driver": "local",
        "Labels": {},
        "Mountpoint": "/var/lib/docker/volumes/my-vol/_data",
        "Name": "my-vol",
        "Options": {},
        "Scope": "local"
    }
]`,
  },
  {
    id: 'hello-world',
    matches: (c) => c.verb === 'run' && sameImageRef(c.args[0] ?? '', 'hello-world:latest'),
    format: 'text',
    extraLines:
      /^(?:Unable to find image|latest: Pulling from|[0-9a-f]{12}: (?:Pull complete|Download complete|Pulling fs layer|Waiting|Verifying Checksum|Already exists)|Digest: sha256:|Status: Downloaded newer image)/,
    text: `Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/`,
  },
]

/** The typical output for a step's command, when Whalebook has one (only for a line that is one docker command). */
export function referenceFor(commandLine: string): { id: string; text: string } | undefined {
  const cmds = dockerCommands(commandLine)
  if (cmds.length !== 1 || !cmds[0]) return undefined
  const cmd = cmds[0]
  const ref = REFERENCES.find((r) => r.matches(cmd))
  return ref ? { id: ref.id, text: ref.text } : undefined
}

interface Table {
  columns: string[]
  rows: Array<{ line: string; cells: Record<string, string> }>
}

/** A docker table: columns start where the header's words start (two or more spaces apart); cells are cut there. */
function parseTable(text: string): Table | undefined {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  const header = lines[0]
  if (!header) return undefined
  const starts: Array<{ name: string; at: number }> = []
  const re = /\S+(?: \S+)*/g
  for (let m = re.exec(header); m; m = re.exec(header)) starts.push({ name: m[0], at: m.index })
  const rows = lines.slice(1).map((line) => {
    const cells: Record<string, string> = {}
    starts.forEach((c, i) => {
      cells[c.name] = line.slice(c.at, starts[i + 1]?.at ?? line.length).trim()
    })
    return { line, cells }
  })
  return { columns: starts.map((s) => s.name), rows }
}

function compareTables(ref: Reference, yoursText: string): AlignedRow[] {
  const typical = parseTable(ref.text)
  const yours = parseTable(yoursText)
  if (!typical || !yours) return compareText(ref, yoursText)
  const volatile = ref.volatile ?? {}
  const key = (cells: Record<string, string>): string => (ref.key ?? []).map((k) => cells[k] ?? '').join('\u0000')
  const out: AlignedRow[] = []
  // The header first: a column only yours is a newer engine's; one missing is unexpected.
  const added = yours.columns.filter((c) => !typical.columns.includes(c))
  const missing = typical.columns.filter((c) => !yours.columns.includes(c))
  out.push({
    typical: ref.text.split('\n')[0] ?? '',
    yours: yoursText.split('\n').find((l) => l.trim()) ?? '',
    status: missing.length ? 'unexpected' : added.length ? 'expected' : 'same',
    reasons: added.length ? ['newer'] : [],
    fields: missing,
  })
  const unmatched = new Set(yours.rows)
  for (const row of typical.rows) {
    const mine = yours.rows.find((r) => unmatched.has(r) && key(r.cells) === key(row.cells))
    if (!mine) {
      out.push({ typical: row.line, yours: null, status: 'missing', reasons: [], fields: [] })
      continue
    }
    unmatched.delete(mine)
    const differing = typical.columns.filter((c) => yours.columns.includes(c) && row.cells[c] !== mine.cells[c])
    const explained = differing.filter((c) => volatile[c] !== undefined)
    const unexplained = differing.filter(
      (c) => volatile[c] === undefined && !sameStatus(c, row.cells[c], mine.cells[c]),
    )
    out.push({
      typical: row.line,
      yours: mine.line,
      status: unexplained.length ? 'unexpected' : explained.length ? 'expected' : 'same',
      reasons: [...new Set(explained.map((c) => volatile[c] as Reason))],
      fields: unexplained,
    })
  }
  for (const row of unmatched) out.push({ typical: null, yours: row.line, status: 'extra', reasons: [], fields: [] })
  return out
}

/** `Up 9 seconds` and `Up 2 minutes` are one state; `Up` and `Exited (1)` are not. */
function sameStatus(column: string, a = '', b = ''): boolean {
  return column === 'STATUS' && a.split(' ')[0] === b.split(' ')[0]
}

function compareJson(ref: Reference, yoursText: string): AlignedRow[] {
  let typical: unknown
  let yours: unknown
  try {
    typical = JSON.parse(ref.text)
    yours = JSON.parse(yoursText.slice(yoursText.indexOf('[')))
  } catch {
    return compareText(ref, yoursText)
  }
  const first = (v: unknown): Record<string, unknown> =>
    (Array.isArray(v) ? (v[0] as Record<string, unknown> | undefined) : undefined) ?? {}
  const t = first(typical)
  const y = first(yours)
  const volatile = ref.volatile ?? {}
  const show = (k: string, v: unknown): string => `"${k}": ${JSON.stringify(v)}`
  const rows: AlignedRow[] = []
  for (const k of Object.keys(t)) {
    if (!(k in y)) {
      rows.push({ typical: show(k, t[k]), yours: null, status: 'unexpected', reasons: [], fields: [k] })
      continue
    }
    const same = JSON.stringify(t[k]) === JSON.stringify(y[k])
    const reason = volatile[k]
    rows.push({
      typical: show(k, t[k]),
      yours: show(k, y[k]),
      status: same ? 'same' : reason ? 'expected' : 'unexpected',
      reasons: same || !reason ? [] : [reason],
      fields: same || reason ? [] : [k],
    })
  }
  for (const k of Object.keys(y).filter((k) => !(k in t))) {
    rows.push({ typical: null, yours: show(k, y[k]), status: 'expected', reasons: ['newer'], fields: [] })
  }
  return rows
}

/** Line by line, in order: a line of the typical output is found in yours after the previous one. */
function compareText(ref: Reference, yoursText: string): AlignedRow[] {
  const yours = yoursText.split('\n').map((l) => l.trimEnd())
  const rows: AlignedRow[] = []
  let at = 0
  for (const line of ref.text.split('\n')) {
    const found = yours.findIndex((l, i) => i >= at && l.trim() === line.trim())
    if (found === -1) {
      rows.push({ typical: line, yours: null, status: 'missing', reasons: [], fields: [] })
      continue
    }
    for (const extra of yours.slice(at, found)) rows.push(extraRow(ref, extra))
    rows.push({ typical: line, yours: yours[found] ?? '', status: 'same', reasons: [], fields: [] })
    at = found + 1
  }
  for (const extra of yours.slice(at)) if (extra.trim()) rows.push(extraRow(ref, extra))
  return rows.filter((r) => r.typical?.trim() || r.yours?.trim())
}

function extraRow(ref: Reference, line: string): AlignedRow {
  const pull = ref.extraLines?.test(line.trim()) ?? false
  return { typical: null, yours: line, status: pull ? 'expected' : 'extra', reasons: pull ? ['pull'] : [], fields: [] }
}

/** The learner's output beside the typical one for this command, or undefined when Whalebook has none for it. */
export function compareOutput(commandLine: string, yours: string): OutputComparison | undefined {
  const cmds = dockerCommands(commandLine)
  const ref = cmds.length === 1 && cmds[0] ? REFERENCES.find((r) => r.matches(cmds[0] as DockerCommand)) : undefined
  if (!ref) return undefined
  // What the shell echoed before the output (the command line itself) is not the output.
  const text = yours.replace(/\r/g, '')
  const rows =
    ref.format === 'table'
      ? compareTables(ref, text)
      : ref.format === 'json'
        ? compareJson(ref, text)
        : compareText(ref, text)
  return { referenceId: ref.id, rows }
}
