/**
 * The engine's own grammars for what the API accepts as a resource: anything else is refused before it reaches an
 * engine URL or a command line. None of them can start with '-' (so none can pass for an option), hold spaces, shell
 * syntax or '..'.
 */

/** Container, volume and network names and ids, as the engine validates names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`. */
const OBJECT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/

/** An image id: `sha256:` and 64 hex digits, or a hex prefix of one. */
const IMAGE_ID = /^(?:sha256:[a-f0-9]{64}|[a-f0-9]{4,64})$/

// The distribution reference grammar (github.com/distribution/reference, regexp.go), piece by piece.
const alphanumeric = '[a-z0-9]+'
const separator = '(?:[._]|__|[-]+)'
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const domainName = `${domainComponent}(?:\\.${domainComponent})*`
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]'
const domainAndPort = `(?:${domainName}|${ipv6})(?::[0-9]+)?`
const tag = '[\\w][\\w.-]{0,127}'
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}'
const name = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`
const REFERENCE = new RegExp(`^(${name})(?::${tag})?(?:@${digest})?$`)
/** The name part of a reference is at most this long (distribution's NameTotalLengthMax). */
const NAME_MAX = 255

export function isObjectName(value: string): boolean {
  return OBJECT_NAME.test(value)
}

/** An image reference (`nginx`, `ubuntu:18.04`, `127.0.0.1:5000/team/app:v1@sha256:…`) or an image id. */
export function isImageRef(value: string): boolean {
  if (value.length > 512) return false
  if (IMAGE_ID.test(value)) return true
  const m = REFERENCE.exec(value)
  return !!m && (m[1] ?? '').length <= NAME_MAX
}
