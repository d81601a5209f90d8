import type { AppInfo, EngineStatus } from '@shared/contract'
import type { EngineConnection } from './engine/engine-connection'
import type { EngineLiveness } from './engine/engine-liveness'
import type { DisplayService } from './display/display-service'
import type { EngineService } from './engine/engine-service'
import type { GpuService } from './gpu/gpu-service'
import type { RegistryService } from './registry/registry-service'
import type { EngineObjects } from './resources/engine-objects'
import type { ImageArchives } from './resources/image-archives'
import type { ImageOperations } from './resources/image-operations'
import type { ResourceMirror } from './resources/resource-mirror'
import type { RunTracker } from './runs/run-tracker'
import type { TerminalService } from './terminal/terminal-service'
import type { LabLog } from './tutorial/lab-log'
import type { TutorialService } from './tutorial/tutorial-service'
import type { UpdateService } from './updater/update-service'

/** Every service, as the composition root (`backend.ts`) wires them and the API's handlers reach them. */
export interface Services {
  appInfo: Omit<AppInfo, 'transport'>
  engine: EngineService
  connection: EngineConnection
  liveness: EngineLiveness
  terminals: TerminalService
  gpu: GpuService
  display: DisplayService
  tutorial: TutorialService
  labLog: LabLog
  /** The engine's objects kept current from its events (the panels' lists). */
  resources: ResourceMirror
  /** One-shot requests on the engine's objects (inspect, logs, stats, the panels' changes). */
  objects: EngineObjects
  /** Every command run, and who made each engine change. */
  runs: RunTracker
  imageOps: ImageOperations
  registry: RegistryService
  archives: ImageArchives
  updates: UpdateService
  /** Switches engine; resolves once the new one has been probed. */
  useEngine: (url: string) => Promise<EngineStatus>
}
