import { dockerExecShellArgs } from '../services/resources/docker-argv'
import type { Handlers } from './dispatcher'
import type { Services } from '../services'

const OK = { ok: true } as const

/** The one thin layer between the contract and the services: no logic beyond routing. */
export function createHandlers(s: Services): Handlers {
  return {
    'app.info': (_p, ctx) => ({ ...s.appInfo, transport: ctx.transport }),
    'engine.status': () => s.engine.status(),
    'engine.refresh': () => s.liveness.tick(),
    'engine.identity': () => s.engine.identity(),
    'engine.candidates': () => s.engineCandidates(),
    'engine.use': (p) => s.useEngine(p.url),
    'terminal.create': (p) => s.terminals.create(p),
    'terminal.list': () => s.terminals.list(),
    'terminal.write': (p) => (s.terminals.write(p.terminalId, p.data), OK),
    'terminal.resize': (p) => (s.terminals.resize(p.terminalId, p.cols, p.rows), OK),
    'terminal.attach': (p, ctx) => s.terminals.attach(p.terminalId, ctx.clientId),
    'terminal.ack': (p, ctx) => (s.terminals.acknowledge(p.terminalId, ctx.clientId, p.chars), OK),
    'terminal.kill': (p) => (s.terminals.kill(p.terminalId), OK),
    'terminal.restart': (p) => s.terminals.restart(p.terminalId, p.cwd),
    'gpu.report': () => s.gpu.report(),
    'gpu.refresh': () => s.gpu.refresh(),
    'gpu.testContainer': (p) => s.gpu.testContainer(p.image),
    'tutorial.chapters': (p) => s.tutorial.chapters(p.lang),
    'tutorial.chapter': (p) => s.tutorial.chapter(p.id, p.lang),
    'tutorial.search': (p) => s.tutorial.search(p.query, p.lang),
    'tutorial.about': () => s.tutorial.about(),
    'tutorial.progress': () => s.tutorial.progress(),
    'tutorial.markStep': (p) => s.tutorial.markStep(p.stepId, p.done),
    'tutorial.setInputs': (p) => s.tutorial.setInputs(p.chapterId, p.inputs),
    'tutorial.setLocation': (p) => (s.tutorial.setLocation(p.chapterId, p.slug), OK),
    'tutorial.chapterImages': (p) => s.tutorial.chapterImages(p.chapterId),
    'tutorial.resetPreview': (p) => s.tutorial.resetPreview(p.chapterId),
    'tutorial.reset': (p) => s.tutorial.reset(p.chapterId),
    'tutorial.labDir': (p) => ({ path: s.tutorial.labDir(p.chapterId) }),
    'tutorial.saveLabFile': (p) => s.tutorial.saveLabFile(p.chapterId, p.blockIndex),
    'resources.pull': (p) => ({ opId: s.imageOps.pull(p.image) }),
    'resources.build': (p) => ({ opId: s.imageOps.build(s.tutorial.labDir(p.chapterId), p.tag) }),
    'resources.list': () => s.resources.list(),
    'resources.diskUsage': () => s.resources.diskUsage(),
    'resources.imageHistory': (p) => s.resources.imageHistory(p.id),
    'resources.inspect': (p) => s.resources.inspect(p.kind, p.id),
    'resources.containerAction': async (p) => (await s.resources.containerAction(p.id, p.action), OK),
    'resources.remove': async (p) => (await s.resources.remove(p.kind, p.id, p.force), OK),
    'resources.prunePreview': (p) => s.resources.prunePreview(p.kind),
    'resources.prune': (p) => s.resources.prune(p.kind),
    'resources.logs': async (p) => ({ text: await s.resources.logs(p.id, p.tail) }),
    'resources.stats': (p) => s.resources.stats(p.ids),
    'resources.execShell': (p) =>
      s.terminals.create({ cols: p.cols, rows: p.rows, exec: { file: 'docker', args: dockerExecShellArgs(p.id) } }),
    'resources.effectsHistory': () => s.effects.history,
    'registry.config': () => s.registry.config(),
    'registry.testMirror': (p) => s.registry.testMirror(p.url),
    'registry.mirrorPlan': (p) => s.registry.mirrorPlan(p.url),
    'registry.mirrorHas': (p) => s.registry.mirrorHas(p.url, p.image),
    'terminal.run': (p) => ({ runId: s.terminals.run(p.terminalId, p.command, { force: p.force, runId: p.runId }) }),
  }
}
