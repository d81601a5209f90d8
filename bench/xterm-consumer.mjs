// The renderer's stand-in for the benchmark: a headless xterm in its own thread (as the real one is in its own
// process) that parses every batch and acknowledges from its write callback, in steps like the renderer's.
import { parentPort, workerData } from 'node:worker_threads'
import xterm from '@xterm/headless'

const term = new xterm.Terminal({ cols: 120, rows: 30, scrollback: 1000, allowProposedApi: true })
let pending = 0
parentPort.on('message', (msg) => {
  if (msg === 'flush') {
    term.write('', () => parentPort.postMessage({ flushed: true }))
    return
  }
  const n = msg.length
  term.write(msg, () => {
    pending += n
    if (pending >= workerData.ackSize) {
      parentPort.postMessage({ ack: pending })
      pending = 0
    }
  })
})
