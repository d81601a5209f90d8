/**
 * Prints the GPU service's report for the machine it runs on, as JSON: the real probes (nvidia-smi under its deadline,
 * /proc, the toolkit on PATH, CDI specs), with no Docker engine. Bundled with esbuild and run on a lent GPU machine
 * (which has no Node of its own) to check the service against a real driver; see tests/fixtures/gpu/SOURCES.md.
 */
import { readFile, readdir } from 'node:fs/promises'
import { release } from 'node:os'
import { GpuService } from '../../src/main/services/gpu/gpu-service'
import { runBounded } from '../../src/main/services/gpu/run-bounded'
import { findOnPath } from '../../src/main/util/find-on-path'

const gpu = new GpuService({
  platform: process.platform,
  kernelRelease: release(),
  run: runBounded,
  findOnPath: (name) => findOnPath(name, process.env, process.platform),
  readFile: (path) => readFile(path, 'utf8'),
  listDir: (dir) => readdir(dir),
  dockerFacts: () => Promise.resolve(null),
  containerNames: () => Promise.resolve(new Map()),
  runGpuContainer: () => Promise.reject(new Error('no Docker engine on this machine')),
})

const started = performance.now()
const report = await gpu.refresh()
process.stdout.write(`${JSON.stringify({ tookMs: Math.round(performance.now() - started), report }, null, 2)}\n`)
