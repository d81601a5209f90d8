import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import table from '@shared/docker/cli-table.json'
import { dockerClisOnPath } from '../support/docker-cli'

type Row = [string | null, string, string]
interface Table {
  global: Row[]
  commands: Record<string, { spellings: string[]; interspersed: boolean; flags: Row[] }>
}

const clis = dockerClisOnPath()

/** What the stored table says of each flag: its shorthand, and whether it takes a value. */
const arity = (rows: Row[]): Record<string, string> =>
  Object.fromEntries(rows.map(([short, long, type]) => [long, `${short ?? ''} ${type === '' ? 'bool' : 'value'}`]))

describe.skipIf(clis.length === 0)('the docker command table against the installed CLI', () => {
  for (const cli of clis) {
    it(`${cli}: every command, spelling and flag its help lists is in the table, with the same value arity`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'wb-cli-table-'))
      try {
        const out = join(dir, 'table.json')
        execFileSync('node', ['scripts/docker-cli-table.mjs', '--out', out, cli], { stdio: 'ignore' })
        const installed = JSON.parse(readFileSync(out, 'utf8')) as Table
        const stored = table as unknown as Table
        expect(Object.keys(installed.commands).length).toBeGreaterThan(50)
        const storedGlobal = arity(stored.global)
        for (const [long, a] of Object.entries(arity(installed.global))) expect(storedGlobal[long], long).toBe(a)
        // Compared by spelling: one CLI alone may not know that two spellings are one command.
        for (const c of Object.values(installed.commands)) {
          for (const spelling of c.spellings) {
            const mine = Object.values(stored.commands).find((s) => s.spellings.includes(spelling))
            expect(mine, `docker ${spelling}`).toBeDefined()
            expect(mine?.interspersed, spelling).toBe(c.interspersed)
            const flags = arity(mine?.flags ?? [])
            for (const [long, a] of Object.entries(arity(c.flags)))
              expect(flags[long], `docker ${spelling} ${long}`).toBe(a)
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }, 60_000)
  }
})
