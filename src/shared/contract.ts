/**
 * The single source of truth for the API between the renderer and the backend: every request
 * (name, params, result) and every pushed event (name, payload), as zod schemas with the
 * TypeScript types derived from them. Main validates every incoming call against this; the
 * preload and the WebSocket bridge only move envelopes and need no knowledge of the methods.
 */
import type { z } from 'zod'
import { appEvents, appMethods } from './contract/app'
import { engineEvents, engineMethods } from './contract/engine'
import { terminalEvents, terminalMethods } from './contract/terminal'
import { gpuEvents, gpuMethods } from './contract/gpu'
import { tutorialEvents, tutorialMethods, tutorialResetMethods } from './contract/tutorial'
import { resourceEvents, resourceMethods } from './contract/resources'
import { registryMethods } from './contract/registry'
import { labEvents, labMethods } from './contract/lab'
import { displayEvents, displayMethods } from './contract/display'
import { runsEvents, runsMethods } from './contract/runs'

export const methods = {
  ...appMethods,
  ...engineMethods,
  ...terminalMethods,
  ...gpuMethods,
  ...tutorialMethods,
  ...tutorialResetMethods,
  ...resourceMethods,
  ...registryMethods,
  ...labMethods,
  ...displayMethods,
  ...runsMethods,
} as const

export const events = {
  ...appEvents,
  ...engineEvents,
  ...terminalEvents,
  ...gpuEvents,
  ...tutorialEvents,
  ...resourceEvents,
  ...labEvents,
  ...displayEvents,
  ...runsEvents,
} as const

export type Methods = typeof methods
export type MethodName = keyof Methods
export type Params<M extends MethodName> = z.input<Methods[M]['params']>
export type Result<M extends MethodName> = z.output<Methods[M]['result']>

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.output<Events[E]>

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name)
}

export * from './contract/app'
export * from './contract/failure'
export * from './contract/engine'
export * from './contract/terminal'
export * from './contract/gpu'
export * from './contract/tutorial'
export * from './contract/resources'
export * from './contract/registry'
export * from './contract/lab'
export * from './contract/display'
export * from './contract/runs'
