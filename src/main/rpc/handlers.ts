import type { Handlers } from './dispatcher'
import type { Services } from '../services'

/** The one thin layer between the contract and the services: no logic beyond routing. */
export function createHandlers(s: Services): Handlers {
  return {
    'app.info': (_p, ctx) => ({ ...s.appInfo, transport: ctx.transport }),
    'engine.status': () => s.engine.status(),
    'engine.refresh': () => s.liveness.tick(),
    'engine.identity': () => s.engine.identity(),
  }
}
