import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { codeOf, commandList, commentOf, lex, shellQuote, words, type OperatorText } from '@shared/docker/shell'

const hasZsh = (() => {
  try {
    execFileSync('zsh', ['-c', 'true'])
    return true
  } catch {
    return false
  }
})()

/** Any text a learner could type or paste, control characters and the shell's own syntax included. */
const anyText = fc.string({ unit: fc.constantFrom(...'ab -_=:/.\'"\\$`()[]{}*?~#;&|<>!\n\t0123456789é中'.split('')) })
/** Any single character but NUL (which no argument can hold), shell syntax more often than not. */
const anyChar = fc.oneof(
  fc.constantFrom(...'\'"\\$`;&|<>(){}*?~#= \t!%-^中'.split('')),
  fc.integer({ min: 1, max: 0x7f }).map((c) => String.fromCharCode(c)),
)
const anyValue = fc.string({ unit: anyChar })

describe('the shell lexer', () => {
  it('never throws, and its tokens lie in order inside the text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { tokens } = lex(text)
        let at = 0
        for (const t of tokens) {
          expect(t.start).toBeGreaterThanOrEqual(at)
          expect(t.end).toBeGreaterThan(t.start)
          expect(t.end).toBeLessThanOrEqual(text.length)
          at = t.end
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('reads quoted values back as the values they quote', () => {
    fc.assert(
      fc.property(fc.array(anyValue, { minLength: 1, maxLength: 6 }), (values) => {
        expect(words(values.map((v) => shellQuote(v)).join(' '))).toEqual(values)
      }),
      { numRuns: 1000 },
    )
  })

  it('splits commands at their operators, whatever the words hold', () => {
    const op = fc.constantFrom<OperatorText>('&&', '||', ';', '|', '&', '\n')
    const command = fc.array(anyValue, { minLength: 1, maxLength: 4 })
    fc.assert(
      fc.property(command, fc.array(fc.tuple(op, command), { maxLength: 4 }), (first, rest) => {
        const line = [first, ...rest.flatMap(([o, c]) => [[o], c])]
          .map((part, k) =>
            k % 2 === 1 ? (part[0] as string) : (part as string[]).map((v) => shellQuote(v)).join(' '),
          )
          .join(' ')
        const list = commandList(line)
        expect(list.complex).toBe(false)
        expect(list.commands.map((c) => c.words.map((w) => w.value))).toEqual([first, ...rest.map(([, c]) => c)])
        expect(list.commands.map((c) => c.after)).toEqual([null, ...rest.map(([o]) => o)])
      }),
      { numRuns: 500 },
    )
  })

  it('finds command substitutions in both spellings, nested and quoted', () => {
    const [w] = lex('"$(docker ps -q -f "status=exited")"').tokens
    expect(w).toMatchObject({
      kind: 'word',
      substitutions: [{ style: '$(', inner: 'docker ps -q -f "status=exited"' }],
    })
    const [b] = lex('`docker ps -qa`').tokens
    expect(b).toMatchObject({ substitutions: [{ style: '`', inner: 'docker ps -qa' }], expands: true })
    expect(lex("'$(id)'").tokens[0]).toMatchObject({ value: '$(id)', substitutions: [], expands: false })
    expect(lex('a$(b $(c) ")") d').tokens.map((t) => (t.kind === 'word' ? t.value : t.kind))).toEqual([
      'a$(b $(c) ")")',
      'd',
    ])
    expect(lex('echo $((1 + 2))').tokens[1]).toMatchObject({ substitutions: [], expands: true })
  })

  it('tells redirections, comments and continuations apart from words', () => {
    const list = commandList('docker ps -a 2>&1 >out.txt | grep web # the comment\\\n')
    expect(list.commands.map((c) => c.words.map((w) => w.value))).toEqual([
      ['docker', 'ps', '-a'],
      ['grep', 'web'],
    ])
    expect(list.commands[0]?.redirects).toEqual([
      { op: '2>&1', target: null },
      { op: '>', target: expect.objectContaining({ value: 'out.txt' }) },
    ])
    expect(words('docker run \\\n  --rm \\\n  nginx')).toEqual(['docker', 'run', '--rm', 'nginx'])
    expect(codeOf("echo '#not' x # yes")).toBe("echo '#not' x ")
    expect(commentOf("echo '#not' x # yes")).toBe('yes')
    expect(commentOf('echo a#b')).toBeNull()
  })

  it('says when a line is more than simple commands', () => {
    for (const line of ['(cd x; ls)', 'for i in 1 2; do echo $i; done', 'cat <<EOF\nx\nEOF', "echo 'open", 'x $(y']) {
      expect(commandList(line).complex, line).toBe(true)
    }
    expect(commandList('docker rm x && rm -rf ~/lab; echo done').complex).toBe(false)
  })

  it('marks what the shell would change before the program sees it', () => {
    const expands = (text: string): boolean[] => lex(text).tokens.map((t) => t.kind === 'word' && t.expands)
    expect(expands('a $HOME ~/x *.txt {a,b} ${X} "$Y" \'$Z\' plain=1')).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ])
  })
})

describe('quoting a value for the terminal’s shell', () => {
  /** Each value through a real shell: `printf '%s\0'` of the quoted values must print exactly the values. */
  function throughShell(shell: string, values: string[]): string[] {
    const script = `printf '%s\\0' ${values.map((v) => shellQuote(v)).join(' ')}`
    const quiet = shell === 'zsh' ? ['-f'] : ['--norc', '--noprofile']
    const out = execFileSync(shell, [...quiet, '-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH } })
    return out.split('\0').slice(0, -1)
  }
  const printable = fc.string({ unit: anyChar, minLength: 1 })

  for (const shell of ['bash', 'zsh']) {
    it.skipIf(shell === 'zsh' && !hasZsh)(`in ${shell}, every value is one literal word and runs nothing`, () => {
      fc.assert(
        fc.property(fc.array(printable, { minLength: 1, maxLength: 8 }), (values) => {
          expect(throughShell(shell, values)).toEqual(values)
        }),
        { numRuns: 60 },
      )
      // The values that would run something if typed bare: each arrives as itself.
      const hostile = ['x;id>pwned;#', '$(id)', '`id`', '=ls', '~root', "it's", '*', '-rf', '!!', 'a\tb']
      expect(throughShell(shell, hostile)).toEqual(hostile)
    })
  }

  it('leaves plain names as they are', () => {
    expect(['nginx:1.25', 'web-1', 'team/app@sha256:ab', '127.0.0.1:5000/x'].map((v) => shellQuote(v))).toEqual([
      'nginx:1.25',
      'web-1',
      'team/app@sha256:ab',
      '127.0.0.1:5000/x',
    ])
    expect(['-e', 'DISPLAY=:0', '/tmp/.X11-unix:/tmp/.X11-unix:ro', 'a,b@c%d+e'].map((w) => shellQuote(w))).toEqual([
      '-e',
      'DISPLAY=:0',
      '/tmp/.X11-unix:/tmp/.X11-unix:ro',
      'a,b@c%d+e',
    ])
    // Anything a shell would read otherwise is quoted: `=` first is zsh's, `~` and globs are expansions.
    expect(['a b', '=ls', '~/x', 'a*', "it's", '$HOME', 'a;b', 'a\nb'].map((w) => shellQuote(w))).toEqual([
      "'a b'",
      "'=ls'",
      "'~/x'",
      "'a*'",
      "'it'\\''s'",
      "'$HOME'",
      "'a;b'",
      "'a\nb'",
    ])
    expect(shellQuote('')).toBe("''")
    expect(shellQuote("it's", 'fish')).toBe("'it\\'s'")
    expect(shellQuote("it's", 'powershell')).toBe("'it''s'")
  })
})
