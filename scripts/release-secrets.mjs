// A release build signs with its own OS's certificate and fails, before building anything, when a secret it needs is
// missing: an unsigned macOS app cannot update itself, and a Windows installer must never be signed with the Apple
// certificate. Run by the forge's release jobs:
//
//   node scripts/release-secrets.mjs linux|mac|windows
import { pathToFileURL } from 'node:url'

/** The secrets each OS's release build needs, and those it must not see (another OS's certificate). */
export const RELEASE_SECRETS = {
  linux: { needed: [], foreign: ['CSC_LINK', 'CSC_KEY_PASSWORD', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD'] },
  mac: {
    needed: ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
    foreign: ['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD'],
  },
  windows: { needed: ['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD'], foreign: ['CSC_LINK', 'CSC_KEY_PASSWORD'] },
}

/** What is wrong with this environment for a release build on `os`: one line per problem, none when ready. */
export function releaseSecretProblems(os, env) {
  const rule = RELEASE_SECRETS[os]
  if (!rule) return [`unknown OS "${os}": expected ${Object.keys(RELEASE_SECRETS).join(', ')}`]
  const set = (name) => typeof env[name] === 'string' && env[name].trim() !== ''
  return [
    ...rule.needed.filter((name) => !set(name)).map((name) => `${name} is missing (a repository secret)`),
    ...rule.foreign.filter(set).map((name) => `${name} is set, but it belongs to another OS's signing`),
  ]
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const os = process.argv[2] ?? ''
  const problems = releaseSecretProblems(os, process.env)
  if (problems.length > 0) {
    console.error(
      `The ${os} release build cannot be signed as it must be:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    )
    console.error('See docs/packaging.md ("Releases") for the secrets each OS needs.')
    process.exit(1)
  }
  console.log(`The ${os} release build has the secrets it needs.`)
}
