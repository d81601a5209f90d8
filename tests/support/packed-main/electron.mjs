// The `electron` module the packed main bundle imports: the stand-in created by run.ts before it imports the bundle.
const standIn = globalThis.__whalebookElectronStandIn
if (!standIn) throw new Error('run.ts must create the electron stand-in before the main bundle is imported')
export const { app, autoUpdater, BrowserWindow, dialog, ipcMain, Menu, net, protocol, screen, session, shell } = standIn
export default standIn
