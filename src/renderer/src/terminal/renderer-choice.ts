/** Which xterm renderer to use: the user's setting, and what WebGL this machine really has. */
export type RendererSetting = 'auto' | 'webgl' | 'dom'
export type RendererKind = 'webgl' | 'dom'

export interface GlInfo {
  /** A WebGL2 context could be created. */
  available: boolean
  /** The unmasked GL renderer string, when the browser tells it. */
  renderer: string
}

export interface RendererChoice {
  kind: RendererKind
  why: 'setting' | 'hardware-gl' | 'software-gl' | 'no-webgl'
}

/**
 * Rasterizers that run WebGL on the CPU (VMs, remote desktops, containers, headless browsers). xterm's WebGL addon
 * loads fine on them, so no try/catch notices, yet every frame is drawn on the CPU: bench:terminal measured the
 * app's terminal at a fraction of the DOM renderer's throughput on SwiftShader.
 */
const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render driver|mesa offscreen/i

export function isSoftwareGl(renderer: string): boolean {
  return SOFTWARE_GL.test(renderer)
}

export function chooseRenderer(setting: RendererSetting, gl: GlInfo): RendererChoice {
  if (setting !== 'auto') return { kind: setting, why: 'setting' }
  if (!gl.available) return { kind: 'dom', why: 'no-webgl' }
  if (isSoftwareGl(gl.renderer)) return { kind: 'dom', why: 'software-gl' }
  return { kind: 'webgl', why: 'hardware-gl' }
}

let probed: GlInfo | undefined

/** Asks the browser once, on a throwaway canvas whose context is released straight away. */
export function probeWebgl(): GlInfo {
  if (probed) return probed
  const gl = document.createElement('canvas').getContext('webgl2')
  if (!gl) return (probed = { available: false, renderer: '' })
  const debug = gl.getExtension('WEBGL_debug_renderer_info')
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '')
  gl.getExtension('WEBGL_lose_context')?.loseContext()
  return (probed = { available: true, renderer })
}
