import { describe, expect, it } from 'vitest'
import { chooseRenderer, isSoftwareGl } from '../../src/renderer/src/terminal/renderer-choice'

// Renderer strings as browsers report them (UNMASKED_RENDERER_WEBGL); the first is Debian's headless Chromium here.
const SOFTWARE = [
  'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
  'llvmpipe (LLVM 15.0.6, 256 bits)',
  'ANGLE (Mesa, llvmpipe (LLVM 19.1.7 256 bits), OpenGL 4.5)',
  'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
  'Google SwiftShader',
]
const HARDWARE = [
  'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 (0x00002206) Direct3D11 vs_5_0 ps_5_0, D3D11)',
  'Mesa Intel(R) UHD Graphics 620 (KBL GT2)',
  'ANGLE (AMD, AMD Radeon RX 6800 XT (radeonsi, navi21, LLVM 15.0.7, DRM 3.49), OpenGL 4.6)',
  'ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)',
]

describe('terminal renderer choice', () => {
  it('recognizes CPU rasterizers and real GPUs', () => {
    for (const r of SOFTWARE) expect(isSoftwareGl(r), r).toBe(true)
    for (const r of HARDWARE) expect(isSoftwareGl(r), r).toBe(false)
  })

  const hardware = { available: true, renderer: HARDWARE[0] ?? '' }
  const software = { available: true, renderer: SOFTWARE[0] ?? '' }
  it.each([
    ['auto', hardware, { kind: 'webgl', why: 'hardware-gl' }],
    ['auto', software, { kind: 'dom', why: 'software-gl' }],
    ['auto', { available: false, renderer: '' }, { kind: 'dom', why: 'no-webgl' }],
    // A masked renderer string (some browsers hide it) is given the benefit of the doubt.
    ['auto', { available: true, renderer: 'WebKit WebGL' }, { kind: 'webgl', why: 'hardware-gl' }],
    // An explicit setting wins.
    ['webgl', software, { kind: 'webgl', why: 'setting' }],
    ['dom', hardware, { kind: 'dom', why: 'setting' }],
  ] as const)('%s on %o draws with %o', (setting, gl, expected) => {
    expect(chooseRenderer(setting, gl)).toEqual(expected)
  })
})
