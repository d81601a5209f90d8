import { parseImageRef, registryPath } from '@shared/docker/image-ref'
import { mirrorBase } from '@shared/mirror-address'
import { anonymousToken, fetchBody, MANIFEST_ACCEPT } from './mirror-probe'

interface Descriptor {
  digest?: unknown
  size?: unknown
  platform?: { os?: unknown; architecture?: unknown }
}
interface Manifest {
  manifests?: Descriptor[]
  layers?: Descriptor[]
  config?: Descriptor
}

/** Node's name for this processor → the OCI platform's. */
export function ociArchitecture(arch: string = process.arch): string {
  return arch === 'x64' ? 'amd64' : arch === 'ia32' ? '386' : arch
}

/**
 * What pulling `image` from the registry at `base` downloads (its compressed layers and config, for linux/`arch`),
 * read from the registry's manifest as the engine reads it (an anonymous token where the registry wants one); null
 * when the registry does not answer, does not have it, or says nothing of sizes.
 */
export async function registryDownloadSize(
  base: string,
  image: string,
  opts: { timeoutMs: number; arch?: string },
): Promise<number | null> {
  const { name, reference } = registryPath(image)
  let token: string | undefined
  const get = async (ref: string): Promise<Manifest | null> => {
    const url = `${base}/v2/${name}/manifests/${ref}`
    const ask = () =>
      fetchBody(url, opts.timeoutMs, {
        Accept: MANIFEST_ACCEPT,
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      })
    let answer = await ask()
    if (answer?.status === 401 && !token) {
      token = await anonymousToken(String(answer.headers['www-authenticate'] ?? ''), opts.timeoutMs)
      if (token) answer = await ask()
    }
    if (answer?.status !== 200) return null
    try {
      return JSON.parse(answer.body) as Manifest
    } catch {
      return null
    }
  }
  let manifest = await get(reference)
  if (manifest?.manifests) {
    const arch = opts.arch ?? ociArchitecture()
    const one = manifest.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === arch)
    manifest = typeof one?.digest === 'string' ? await get(one.digest) : null
  }
  if (!manifest?.layers) return null
  const sizes = [...manifest.layers, ...(manifest.config ? [manifest.config] : [])].map((d) => d.size)
  return sizes.every((s): s is number => typeof s === 'number' && s >= 0) ? sizes.reduce((a, b) => a + b, 0) : null
}

/** Docker Hub's registry, as the engine reaches it. */
export const DOCKER_HUB_REGISTRY = 'https://registry-1.docker.io'

/** Where the engine would pull `image` from: Docker Hub's names through each mirror first, then the registry itself. */
export function pullSources(image: string, mirrors: readonly string[], hub = DOCKER_HUB_REGISTRY): string[] {
  const { domain } = parseImageRef(image)
  if (domain === 'docker.io') return [...mirrors.map(mirrorBase), hub]
  // The engine speaks plain HTTP to a registry on this machine (127.0.0.0/8 is insecure by default).
  const local = /^(?:localhost|127\.\d+\.\d+\.\d+)(?::\d+)?$/.test(domain)
  return [`${local ? 'http' : 'https'}://${domain}`]
}
