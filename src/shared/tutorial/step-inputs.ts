import { argumentRoles, flagValues, readCommandLine, usageArguments, type ArgumentRole } from '../docker/command'
import { findPlaceholders } from './templates'

/** What a step's input names, so that it is labelled and offers the engine's own of that kind. */
export interface StepInputInfo {
  kind: ArgumentRole
  /** The value the book printed there (an id or a name from the author's machine), shown as a hint; null for none. */
  book: string | null
}

/** The words the app writes into a command for an argument the learner fills in, in the book's language. */
const TOKENS: Record<'zh-CN' | 'en', Record<ArgumentRole, string>> = {
  'zh-CN': { container: '容器', image: '镜像', volume: '数据卷', network: '网络', term: '搜索词' },
  en: { container: 'container', image: 'image', volume: 'volume', network: 'network', term: 'term' },
}

/** An id as `docker ps` prints it (or its first digits, as the CLI accepts): hex, with a digit in it. */
const OBJECT_ID = /^(?=[0-9a-f]*\d)[0-9a-f]{4,64}$/

/** Every container name the book's commands give with `--name` (`docker run --name web …`): those a learner has. */
export function namedContainers(commandLines: string[]): Set<string> {
  const names = new Set<string>()
  for (const line of commandLines) {
    for (const c of readCommandLine(line).commands) {
      if (c.docker && (c.docker.verb === 'run' || c.docker.verb === 'create'))
        for (const n of flagValues(c.docker, '--name')) names.add(n)
    }
  }
  return names
}

/**
 * Makes a step runnable as printed or says why not: the arguments the book leaves out (a bare `docker container
 * stop`) or fixes to its author's own objects (`docker exec -it 69d1 bash`, `docker export 7691a814370e`, a container
 * name no step of the book creates) become inputs (`<容器>`), and the book's templates in a known position (`docker
 * search []`) get their kind. Which argument names what is the CLI's usage line's word (the one command reader).
 * `known`: the container names the book's steps create, which a learner following it has.
 */
export function bookInputs(
  command: string,
  known: ReadonlySet<string>,
  lang: 'zh-CN' | 'en',
): { command: string; inputs: Record<string, StepInputInfo> } {
  const inputs: Record<string, StepInputInfo> = {}
  const edits: Array<{ start: number; end: number; text: string }> = []
  const templates = new Set(findPlaceholders(command))
  const tokenFor = (kind: ArgumentRole, book: string | null): string => {
    const base = TOKENS[lang][kind]
    for (let n = 1; ; n++) {
      const token = `<${base}${n === 1 ? '' : n}>`
      const had = inputs[token]
      if (!had && !templates.has(token)) {
        inputs[token] = { kind, book }
        return token
      }
      if (had && had.book === book) return token
    }
  }
  for (const c of readCommandLine(command).commands) {
    const d = c.docker
    if (!d?.known) continue
    const roles = argumentRoles(d)
    d.argWords.forEach((w, i) => {
      const role = roles[i]
      if (!role) return
      if (templates.has(w.raw)) {
        inputs[w.raw] ??= { kind: role, book: null }
        return
      }
      if (w.expands || w.quoted) return
      const theirs =
        OBJECT_ID.test(w.value) && (role === 'container' || role === 'image')
          ? true
          : role === 'container' && !known.has(w.value)
      if (theirs) edits.push({ start: w.start, end: w.end, text: tokenFor(role, w.value) })
    })
    // A required container, image or search term left out: the CLI would refuse the line as printed.
    const first = usageArguments(d.verb)[0]
    if (d.args.length === 0 && first?.required && first.role && d.problems.length === 0) {
      edits.push({ start: c.shell.end, end: c.shell.end, text: ` ${tokenFor(first.role, null)}` })
    }
  }
  let out = command
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end)
  return { command: out, inputs }
}
