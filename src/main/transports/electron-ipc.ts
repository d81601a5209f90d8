import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron'
import { ApiError } from '@shared/errors'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type EventMessage, type InvokeRequest } from '@shared/transport'
import type { Backend } from '../backend'

/**
 * The Electron transport: one invoke channel in, one event channel out. It only checks who is
 * calling and hands the untouched request to the dispatcher, which validates it.
 */
export function attachIpcTransport(
  ipcMain: IpcMain,
  backend: Pick<Backend, 'dispatcher' | 'bus' | 'clientGone'>,
  window: BrowserWindow,
  isTrustedSender: (url: string | undefined) => boolean,
): () => void {
  const clientId = `window-${window.id}`
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, request: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url)) {
      return { error: new ApiError('UNAUTHORIZED', 'IPC from an untrusted frame').toJSON() }
    }
    const r = (typeof request === 'object' && request !== null ? request : {}) as Partial<InvokeRequest>
    return backend.dispatcher.dispatch(r.method, r.params, { transport: 'ipc', clientId })
  })
  const unsubscribe = backend.bus.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, { event, payload } satisfies EventMessage)
  })
  // A crashed page reads nothing more; its reloaded successor attaches afresh. A reloaded (or navigated) page is a
  // new client too: what the old one began, an upload half sent, is released.
  window.webContents.on('render-process-gone', () => backend.clientGone(clientId))
  window.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) backend.clientGone(clientId)
  })
  return () => {
    backend.clientGone(clientId)
    unsubscribe()
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL)
  }
}
