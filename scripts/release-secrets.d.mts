export const RELEASE_SECRETS: Record<'linux' | 'mac' | 'windows', { needed: string[]; foreign: string[] }>
/** What is wrong with this environment for a release build on `os`: one line per problem, none when ready. */
export function releaseSecretProblems(os: string, env: Record<string, string | undefined>): string[]
