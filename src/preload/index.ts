/**
 * The whole bridge between page and backend: `window.api`, two functions. It knows no method
 * names: the contract is enforced in main, so this file never grows with the API.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type EventMessage, type WhalebookApi } from '@shared/transport'

type AnyListener = (payload: unknown) => void
const listeners = new Map<string, Set<AnyListener>>()

ipcRenderer.on(IPC_EVENT_CHANNEL, (_e: IpcRendererEvent, message: EventMessage) => {
  for (const listener of listeners.get(message.event) ?? []) listener(message.payload)
})

const api: WhalebookApi = {
  transport: 'ipc',
  invoke: (method, params) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, { method, params }),
  on: (event, listener) => {
    let set = listeners.get(event)
    if (!set) listeners.set(event, (set = new Set()))
    const l = listener as AnyListener
    set.add(l)
    return () => {
      set.delete(l)
    }
  },
}

contextBridge.exposeInMainWorld('api', api)
