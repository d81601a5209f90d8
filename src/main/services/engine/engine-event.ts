/** One message of the Engine API's /events stream (the fields the app reads). */
export interface EngineEvent {
  Type: 'container' | 'image' | 'volume' | 'network' | string
  Action: string
  Actor: { ID: string; Attributes?: Record<string, string> }
  time?: number
  timeNano?: number
}

export function eventTimeMs(e: EngineEvent): number {
  return e.timeNano ? Math.floor(e.timeNano / 1e6) : (e.time ?? 0) * 1000
}

/** Actions that change no list (exec sessions, health probes, terminal attach/resize). */
const QUIET = /^(?:exec_|health_status|attach|resize|top|export|copy|archive-path|extract-to-dir)/

export function kindsTouched(e: EngineEvent): Array<'containers' | 'images' | 'volumes' | 'networks'> {
  if (QUIET.test(e.Action)) return []
  switch (e.Type) {
    case 'container':
      // A container's mounts are part of the volumes list ("used by").
      return e.Action === 'create' || e.Action === 'destroy' ? ['containers', 'volumes'] : ['containers']
    case 'image':
      return ['images']
    case 'volume':
      return e.Action === 'mount' || e.Action === 'unmount' ? [] : ['volumes']
    case 'network':
      return e.Action === 'connect' || e.Action === 'disconnect' ? [] : ['networks']
    default:
      return []
  }
}
