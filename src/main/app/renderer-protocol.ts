import { protocol } from 'electron'
import { RENDERER_SCHEME, rendererResponse } from './renderer-files'

/**
 * Must run before the app is ready. Standard: the page gets a real origin (whalebook://app) and relative URLs
 * resolve as on the web; secure: it counts as a secure context; supportFetchAPI: the page's module scripts and
 * stylesheets are fetched through it; codeCache: V8 caches the bundle's compiled code between starts.
 */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ])
}

/** Serves the built renderer folder (`root`, inside the asar when packaged) on the scheme; after `ready`. */
export function serveRenderer(root: string): void {
  protocol.handle(RENDERER_SCHEME, (request) => rendererResponse(request, root))
}
