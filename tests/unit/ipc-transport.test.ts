import { describe, expect, it } from 'vitest'
import type { BrowserWindow, IpcMain } from 'electron'
import { EventBus } from '../../src/main/rpc/event-bus'
import { attachIpcTransport } from '../../src/main/transports/electron-ipc'
import { StandInBrowserWindow } from '../support/electron-stand-in'

describe('the IPC transport’s client', () => {
  it('is gone when its page reloads or navigates (what it began is released), not on an in-page navigation', () => {
    const gone: string[] = []
    const window = new StandInBrowserWindow({})
    const ipcMain = { handle: () => {}, removeHandler: () => {} } as unknown as IpcMain
    const backend = {
      dispatcher: { dispatch: async () => ({ result: null }) },
      bus: new EventBus(),
      clientGone: (id: string) => gone.push(id),
    } as unknown as Parameters<typeof attachIpcTransport>[1]
    attachIpcTransport(ipcMain, backend, window as unknown as BrowserWindow, () => true)
    const client = `window-${window.id}`
    // A hash route (the app's own navigation between chapters) keeps the page, and its client.
    window.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true })
    window.webContents.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false })
    expect(gone).toEqual([])
    // A reload is a new page: the old one's uploads and terminal backlogs go.
    window.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false })
    expect(gone).toEqual([client])
    window.webContents.emit('render-process-gone')
    expect(gone).toEqual([client, client])
  })
})
