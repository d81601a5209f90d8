/**
 * npm run bench:terminal — in one run:
 *  1. raw node-pty read throughput for 100 MiB, against end-to-end throughput through the
 *     terminal service into a real xterm that acknowledges from its write callback: headless xterm in a
 *     worker thread, and the app's own renderer in Chromium (serve mode, over the WebSocket bridge);
 *  2. keypress-to-echo latency while another terminal floods;
 *  3. main-process RSS growth while 1 GiB streams through the service.
 */
import { spawn } from 'node-pty'
import { Worker } from 'node:worker_threads'
import { test } from 'vitest'
import { FlowControl } from '@shared/flow-control'
import { TerminalHarness } from '../tests/support/terminal-harness'
import { glRenderer, readyTerminals, withAppPage } from '../tests/support/app-page'
import type { RendererSetting } from '../src/renderer/src/terminal/renderer-choice'
import { percentile, writeSection } from './report'

const MiB = 1024 * 1024
const flood = (bytes: number): string => `head -c ${bytes} /dev/zero | tr '\\0' x; echo`

function rawThroughput(bytes: number): Promise<number> {
  return new Promise((resolve) => {
    const start = performance.now()
    let got = 0
    const p = spawn('bash', ['-c', flood(bytes)], { cols: 120, rows: 30, encoding: null } as never)
    p.onData((d: string | Buffer) => (got += d.length))
    p.onExit(() => resolve(got / MiB / ((performance.now() - start) / 1000)))
  })
}

async function endToEnd(bytes: number): Promise<{ mibps: number; maxUnacked: number }> {
  const h = new TerminalHarness()
  h.autoAck = false
  const id = await h.ready()
  const consumer = new Worker(new URL('./xterm-consumer.mjs', import.meta.url), {
    workerData: { ackSize: FlowControl.CharCountAckSize },
  })
  let flushed: (() => void) | undefined
  consumer.on('message', (m: { ack?: number; flushed?: boolean }) => {
    if (m.ack) h.service.acknowledge(id, h.clientId, m.ack)
    if (m.flushed) flushed?.()
  })
  h.onData((terminalId, data) => {
    if (terminalId === id) consumer.postMessage(data)
  })
  const start = performance.now()
  await h.runAndWait(id, flood(bytes), 300_000)
  await new Promise<void>((r) => {
    flushed = r
    consumer.postMessage('flush')
  })
  const seconds = (performance.now() - start) / 1000
  const maxUnacked = h.service.get(id).flow.maxUnacked
  h.dispose()
  await consumer.terminate()
  return { mibps: bytes / MiB / seconds, maxUnacked }
}

/**
 * The consumer alone: how fast headless xterm parses the same output fed straight in, in the same batch sizes,
 * with its queue kept at the high watermark so that it never waits for the next batch.
 */
function xtermCeiling(bytes: number): Promise<number> {
  return new Promise((resolve) => {
    const consumer = new Worker(new URL('./xterm-consumer.mjs', import.meta.url), {
      workerData: { ackSize: FlowControl.BatchMaxChars },
    })
    const chunk = 'x'.repeat(FlowControl.BatchMaxChars)
    const total = Math.ceil(bytes / chunk.length)
    const depth = Math.ceil(FlowControl.HighWatermarkChars / chunk.length) + 1
    let sent = 0
    let acked = 0
    const start = performance.now()
    const send = (): void => {
      if (sent < total) {
        sent++
        consumer.postMessage(chunk)
      }
    }
    consumer.on('message', (m: { ack?: number }) => {
      acked += m.ack ?? 0
      if (acked >= total * chunk.length) {
        resolve(bytes / MiB / ((performance.now() - start) / 1000))
        void consumer.terminate()
      } else send()
    })
    for (let i = 0; i < depth; i++) send()
  })
}

/**
 * The real thing: the built `serve` backend and the app's renderer in Debian's Chromium, its xterm (WebGL, or the
 * DOM renderer where there is none) acknowledging over the WebSocket bridge. Timed from `terminal.run` until the
 * command has finished and xterm has parsed the last byte.
 */
async function chromiumEndToEnd(
  bytes: number,
  runs: number,
  renderer: RendererSetting,
): Promise<{ mibps: number; kind: string; gl: string }> {
  const init = {
    script: (setting: string) =>
      localStorage.setItem('whalebook.settings', JSON.stringify({ terminalRenderer: setting })),
    arg: renderer,
  }
  return withAppPage(async (page) => {
    const [id = ''] = await readyTerminals(page, 1)
    const rates: number[] = []
    for (let i = 0; i < runs; i++) {
      const ms = await page.evaluate(
        async ({ terminalId, command }) => {
          const api = window.__whalebook
          const probe = window.__whalebookTerminals
          if (!api || !probe) throw new Error('the page has no API or terminal probe')
          const finished = new Promise<void>((resolve) => {
            const off = api.on('runs.updated', (p) => {
              if (p.terminalId !== terminalId || p.state === 'running') return
              off()
              resolve()
            })
          })
          const t0 = performance.now()
          const reply = await api.invoke('terminal.run', { terminalId, command })
          if ('error' in reply) throw new Error(reply.error.message)
          await finished
          await probe.flushed(terminalId)
          return performance.now() - t0
        },
        { terminalId: id, command: flood(bytes) },
      )
      rates.push(bytes / MiB / (ms / 1000))
    }
    const kind = (await page.locator(`[data-terminal-id="${id}"]`).getAttribute('data-renderer')) ?? '?'
    return { mibps: Math.max(...rates), kind, gl: (await glRenderer(page)) || 'no WebGL2' }
  }, init)
}

/**
 * Keypress to echo in the app's renderer in Chromium while another tab floods: a key typed through xterm's input
 * (the path of a real keypress) until xterm has parsed its echo, with the flooding tab's xterm parsing in the same
 * page all the while.
 */
async function chromiumEchoLatency(samples: number): Promise<{ latencies: number[]; floodMibps: number }> {
  return withAppPage(async (page) => {
    const [flooder] = await readyTerminals(page, 1)
    await page.getByTestId('terminal-new').click()
    const typist = (await readyTerminals(page, 2)).find((id) => id !== flooder)
    if (!flooder || !typist) throw new Error('the page did not open two terminals')
    return await page.evaluate(
      async ({ flooder, typist, samples }) => {
        const api = window.__whalebook
        const probe = window.__whalebookTerminals
        if (!api || !probe) throw new Error('the page has no API or terminal probe')
        let flooded = 0
        const off = api.on('terminal.data', (p) => {
          if (p.terminalId === flooder) flooded += p.data.length
        })
        await api.invoke('terminal.run', { terminalId: flooder, command: 'yes' })
        await new Promise((r) => setTimeout(r, 500))
        const t0 = performance.now()
        const from = flooded
        const latencies: number[] = []
        for (let i = 0; i < samples; i++) {
          const key = 'QZJXKV'[i % 6] ?? 'Q'
          const start = performance.now()
          probe.type(typist, key)
          await probe.echoed(typist, key)
          latencies.push(performance.now() - start)
          probe.type(typist, '\x7f')
          await new Promise((r) => setTimeout(r, 20))
        }
        const floodMibps = (flooded - from) / 1024 / 1024 / ((performance.now() - t0) / 1000)
        off()
        await api.invoke('terminal.write', { terminalId: flooder, data: '\x03' })
        return { latencies, floodMibps }
      },
      { flooder, typist, samples },
    )
  })
}

async function echoLatency(samples: number): Promise<number[]> {
  const h = new TerminalHarness()
  const flooder = await h.ready()
  const typist = await h.ready()
  h.service.run(flooder, 'yes', {})
  await h.until('flood', () => h.service.get(flooder).busy)
  const latencies: number[] = []
  for (let i = 0; i < samples; i++) {
    const marker = String.fromCharCode(97 + (i % 26))
    const echoed = new Promise<number>((resolve) => {
      const off = h.onData((terminalId, data) => {
        if (terminalId === typist && data.includes(marker)) {
          off()
          resolve(performance.now())
        }
      })
    })
    const t0 = performance.now()
    h.service.write(typist, marker)
    latencies.push((await echoed) - t0)
    // Erase it again so the prompt line does not grow.
    h.service.write(typist, '\x7f')
    await new Promise((r) => setTimeout(r, 5))
  }
  h.service.write(flooder, '\x03')
  h.dispose()
  return latencies
}

async function rssGrowth(bytes: number): Promise<{ growthMiB: number; mibps: number }> {
  const h = new TerminalHarness()
  const id = await h.ready()
  // Only the service's own memory: the consumer acknowledges and drops the data.
  h.output = new Map()
  const sink = h.output
  h.onData(() => sink.clear())
  global.gc?.()
  const base = process.memoryUsage().rss
  let peak = base
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  const start = performance.now()
  await h.runAndWait(id, flood(bytes), 300_000)
  const seconds = (performance.now() - start) / 1000
  clearInterval(timer)
  h.dispose()
  return { growthMiB: (peak - base) / MiB, mibps: bytes / MiB / seconds }
}

test('terminal benchmark', async () => {
  // Best of three each, interleaved, so that one noisy moment does not decide the ratio.
  const raws: number[] = []
  const e2es: Array<{ mibps: number; maxUnacked: number }> = []
  for (let round = 0; round < 3; round++) {
    raws.push(await rawThroughput(100 * MiB))
    e2es.push(await endToEnd(100 * MiB))
  }
  const raw = Math.max(...raws)
  const e2e = e2es.reduce((best, r) => (r.mibps > best.mibps ? r : best))
  const ceiling = await xtermCeiling(100 * MiB)
  const ratio = e2e.mibps / raw
  const auto = await chromiumEndToEnd(100 * MiB, 2, 'auto')
  const forcedGl = await chromiumEndToEnd(100 * MiB, 2, auto.kind === 'webgl' ? 'dom' : 'webgl')
  const pageEcho = await chromiumEchoLatency(200)
  const pageP50 = percentile(pageEcho.latencies, 50)
  const pageP95 = percentile(pageEcho.latencies, 95)
  const lat = await echoLatency(200)
  const p50 = percentile(lat, 50)
  const p95 = percentile(lat, 95)
  const rss = await rssGrowth(1024 * MiB)

  const rows = [
    ['raw node-pty read, 100 MiB', `${raw.toFixed(1)} MiB/s`, ''],
    ['end to end into headless xterm, 100 MiB', `${e2e.mibps.toFixed(1)} MiB/s`, ''],
    ['end-to-end / raw', ratio.toFixed(2), ratio >= 0.5 ? '≥ 0.5 ✓' : '≥ 0.5 ✗'],
    [`the app’s renderer in Chromium, renderer “auto” (${auto.kind}), 100 MiB`, `${auto.mibps.toFixed(1)} MiB/s`, ''],
    ['the app’s renderer in Chromium / raw', (auto.mibps / raw).toFixed(2), ''],
    [`the app’s renderer in Chromium, ${forcedGl.kind} chosen by hand`, `${forcedGl.mibps.toFixed(1)} MiB/s`, ''],
    ['headless xterm parsing alone (the consumer’s ceiling)', `${ceiling.toFixed(1)} MiB/s`, ''],
    ['end-to-end / consumer ceiling', (e2e.mibps / ceiling).toFixed(2), ''],
    [
      'max unacknowledged characters',
      String(e2e.maxUnacked),
      `≤ ${FlowControl.HighWatermarkChars + FlowControl.BatchMaxChars}`,
    ],
    ['keypress-to-echo while another terminal floods, p50', `${p50.toFixed(1)} ms`, ''],
    [
      'keypress-to-echo while another terminal floods, p95',
      `${p95.toFixed(1)} ms`,
      p95 < 50 ? '< 50 ms ✓' : '< 50 ms ✗',
    ],
    [
      `keypress-to-echo in the app’s renderer in Chromium while another tab floods (${pageEcho.floodMibps.toFixed(1)} MiB/s), p50`,
      `${pageP50.toFixed(1)} ms`,
      '',
    ],
    [
      'keypress-to-echo in the app’s renderer in Chromium while another tab floods, p95',
      `${pageP95.toFixed(1)} ms`,
      pageP95 < 50 ? '< 50 ms ✓' : '< 50 ms ✗',
    ],
    [
      'main-process RSS growth, 1 GiB streamed',
      `${rss.growthMiB.toFixed(1)} MiB`,
      rss.growthMiB < 50 ? '< 50 MB ✓' : '< 50 MB ✗',
    ],
    ['throughput while streaming 1 GiB', `${rss.mibps.toFixed(1)} MiB/s`, ''],
  ]
  const table = ['| measure | value | target |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
  console.log(`\n${table}\n`)
  writeSection(
    'terminal',
    `## Terminal (\`npm run bench:terminal\`)

Run ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, Node ${process.version}, with real bash in
node-pty. "End to end" (the target's measure) is the whole service pipeline (UTF-8 stream decoding, mark parsing,
batching, flow control) into \`@xterm/headless\` in a worker thread (the renderer's stand-in: in the app it is another
process), acknowledging from its write callback as the renderer does. The consumer's ceiling is that xterm fed the same
batches straight, its queue kept full. Raw and end to end are each the best of three interleaved runs, the others the
best of two.

"The app's renderer in Chromium" is the real thing: the built \`serve\` backend and the app's own page in Debian's
Chromium, over the WebSocket bridge, timed from \`terminal.run\` until xterm has parsed the last byte. Its WebGL here is
\`${auto.gl}\`, so the renderer setting "auto" draws with ${auto.kind === 'dom' ? 'the DOM renderer' : 'WebGL'}; the row
after it is the other renderer chosen by hand. On these 2 cores the page shares the CPU with the backend, the producer
(\`head | tr\`) and Chromium's own browser and network processes, and a browser xterm yields after every 12 ms of
parsing so that frames get drawn, so that figure is below the headless one.

Keypress to echo is measured twice: in main, from the write to the PTY until the echo leaves the service, while
another terminal runs \`yes\`; and in the app's page, from a key typed through xterm's input until xterm has parsed its
echo, while a hidden tab runs \`yes\` (that tab's output is parsed in slices, yielding between them, so that it cannot
crowd out the tab being typed in; the MiB/s in that row is the hidden flood's rate meanwhile).

${table}`,
  )
}, 600_000)
