/**
 * The whole bridge between page and backend: `window.api`, two functions. It knows no method
 * names: the contract is enforced in main, so this file never grows with the API.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { createEventListeners } from '@shared/event-listeners'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type EventMessage, type WhalebookApi } from '@shared/transport'

const listeners = createEventListeners()

ipcRenderer.on(IPC_EVENT_CHANNEL, (_e: IpcRendererEvent, message: EventMessage) =>
  listeners.dispatch(message.event, message.payload),
)

const api: WhalebookApi = {
  transport: 'ipc',
  invoke: (method, params) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, { method, params }),
  on: listeners.on,
}

contextBridge.exposeInMainWorld('api', api)
