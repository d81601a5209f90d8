import { z } from 'zod'
import { parseImageRef, registryPath } from '@shared/docker/image-ref'
import { mirrorBase } from '@shared/mirror-address'
import { anonymousToken, fetchBody, MANIFEST_ACCEPT } from './mirror-probe'

/** A registry's answer is hostile: a manifest is read only as far as it has the shape the engine reads. */
const Size = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)
const Descriptor = z.object({ digest: z.string().optional(), size: Size })
const Manifest = z.union([
  z.object({
    manifests: z.array(
      z.object({
        digest: z.string(),
        platform: z.object({ os: z.string(), architecture: z.string() }).partial().optional(),
      }),
    ),
  }),
  z.object({ layers: z.array(Descriptor), config: Descriptor.optional() }),
])
type Manifest = z.infer<typeof Manifest>

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
      const read = Manifest.safeParse(JSON.parse(answer.body))
      return read.success ? read.data : null
    } catch {
      return null
    }
  }
  let manifest = await get(reference)
  if (manifest && 'manifests' in manifest) {
    const arch = opts.arch ?? ociArchitecture()
    const one = manifest.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === arch)
    manifest = one ? await get(one.digest) : null
  }
  if (!manifest || !('layers' in manifest)) return null
  const total = [...manifest.layers, ...(manifest.config ? [manifest.config] : [])].reduce((n, d) => n + d.size, 0)
  return Number.isSafeInteger(total) ? total : null
}

/** Docker Hub's registry, as the engine reaches it. */
export const DOCKER_HUB_REGISTRY = 'https://registry-1.docker.io'

/**
 * Where the engine would pull `image` from: Docker Hub's names through each mirror first, then the registry itself.
 * `remote`, where given, stands in for every registry not on this machine (a site that reaches them through one of its
 * own; the tests, which keep the app as offline as their engine).
 */
export function pullSources(image: string, mirrors: readonly string[], remote?: string): string[] {
  const { domain } = parseImageRef(image)
  // The engine speaks plain HTTP to a registry on this machine (127.0.0.0/8 is insecure by default).
  if (/^(?:localhost|127\.\d+\.\d+\.\d+)(?::\d+)?$/.test(domain)) return [`http://${domain}`]
  const registry = remote ?? (domain === 'docker.io' ? DOCKER_HUB_REGISTRY : `https://${domain}`)
  return domain === 'docker.io' ? [...mirrors.map(mirrorBase), registry] : [registry]
}
