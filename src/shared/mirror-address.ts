/** A mirror's address without its trailing slashes: the engine writes `http://host:5000/`, learners often do not. */
export function mirrorBase(url: string): string {
  return url.replace(/\/+$/, '')
}

/** Whether two mirror addresses name the same mirror (trailing slashes and letter case aside). */
export function sameMirror(a: string, b: string): boolean {
  return mirrorBase(a).toLowerCase() === mirrorBase(b).toLowerCase()
}
