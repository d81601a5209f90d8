import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { events, methods } from '@shared/contract'
import { ERROR_CODES } from '@shared/errors'

const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8')

describe('docs/api.md', () => {
  it('documents every method, event and error code of the contract', () => {
    const missing = [...Object.keys(methods), ...Object.keys(events), ...ERROR_CODES].filter(
      (n) => !doc.includes(`\`${n}\``),
    )
    expect(missing).toEqual([])
  })
})
