/** A mirror's address without its trailing slashes: the engine writes `http://host:5000/`, learners often do not. */
export function mirrorBase(url: string): string {
  return url.replace(/\/+$/, '')
}

/** Whether two mirror addresses name the same mirror (trailing slashes and letter case aside). */
export function sameMirror(a: string, b: string): boolean {
  return mirrorBase(a).toLowerCase() === mirrorBase(b).toLowerCase()
}

/** host[:port] of a mirror address as configured (`https://mirror.example.com`, `http://127.0.0.1:5000/`). */
export function mirrorHost(mirror: string): string | null {
  try {
    return new URL(mirror).host
  } catch {
    return null
  }
}

/** Whether a host a failed request named is this mirror's: same host, and the same port where both name one. */
export function sameMirrorHost(mirror: string, host: string): boolean {
  const split = (h: string): [string, string | undefined] => {
    const m = /^(.*?)(?::(\d+))?$/.exec(h.toLowerCase())
    return [m?.[1] ?? h, m?.[2]]
  }
  const own = mirrorHost(mirror)
  if (own === null) return false
  const [ha, pa] = split(own)
  const [hb, pb] = split(host)
  return ha === hb && (pa === undefined || pb === undefined || pa === pb)
}
