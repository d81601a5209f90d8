import { URL } from 'node:url'

// Module resolve hook for running the packed main bundle under Node: `electron` (a built-in module inside Electron)
// is the stand-in the runner set up.
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: new URL('./electron.mjs', import.meta.url).href, shortCircuit: true }
  return next(specifier, context)
}
