/**
 * The renderer's sandbox, in one place so a test can hold it to the security baseline:
 * isolated from the preload, OS-sandboxed, and with no Node.js in the page or its workers.
 */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  } as const
}
