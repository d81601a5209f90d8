import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  dockerCommands,
  flagValues,
  hasFlag,
  readCommandLine,
  readDockerCommand,
  takesKeyboard,
  type DockerCommand,
} from '@shared/docker/command'
import { buildBook } from '../../src/main/services/tutorial/build-book'
import { bundledBookFiles } from '../../src/main/services/tutorial/book-files'
import { dockerObjectCommand, dockerRunCommand, tableFlags, type GeneratedCommand } from '../support/docker-corpus'

/** The reader's reading of a generated line matches what the line was made of. */
function agrees(read: DockerCommand | undefined, g: GeneratedCommand): void {
  expect(read, g.line).toBeDefined()
  expect(read?.verb, g.line).toBe(g.verb)
  expect(read?.args, g.line).toEqual(g.args)
  expect(read?.problems, g.line).toEqual([])
  expect(
    read?.flags.map((f) => ({ name: g.flags.some((x) => x.name === f.short) ? f.short : f.name, value: f.value })),
    g.line,
  ).toEqual(g.flags)
}

describe('the docker command reader', () => {
  it('reads generated `docker run` lines as they were made, every flag of the CLI spelled every way', () => {
    fc.assert(
      fc.property(dockerRunCommand(tableFlags('run')), (g) => agrees(dockerCommands(g.line)[0], g)),
      { numRuns: 1500 },
    )
    fc.assert(
      fc.property(dockerRunCommand(tableFlags('create'), ['create', 'container create']), (g) =>
        agrees(dockerCommands(g.line)[0], g),
      ),
      { numRuns: 500 },
    )
  })

  it('reads generated commands on named objects in every spelling of their verb', () => {
    fc.assert(
      fc.property(dockerObjectCommand(), (g) => agrees(dockerCommands(g.line)[0], g)),
      { numRuns: 500 },
    )
  })

  it('reads global flags, management spellings, joined shorthands and the end of flags', () => {
    const [ps] = dockerCommands('docker -H tcp://h:2375 --context=x -D container ls -aq --filter status=exited')
    expect(ps).toMatchObject({ verb: 'ps', spelling: 'container ls', args: [], problems: [] })
    expect(ps?.global.map((f) => [f.name, f.value])).toEqual([
      ['--host', 'tcp://h:2375'],
      ['--context', 'x'],
      ['--debug', null],
    ])
    expect(flagValues(ps as DockerCommand, '-f')).toEqual(['status=exited'])
    expect(hasFlag(ps as DockerCommand, '--all') && hasFlag(ps as DockerCommand, '-q')).toBe(true)
    // Flags after the image are the container's command's own.
    expect(dockerCommands('docker run --rm -dp 8080:80 nginx -g "daemon off;" -p 1')[0]).toMatchObject({
      args: ['nginx', '-g', 'daemon off;', '-p', '1'],
      flags: [
        { name: '--rm', value: null },
        { name: '--detach', value: null },
        { name: '--publish', value: '8080:80' },
      ],
    })
    // Everywhere else flags may follow arguments, and `--` ends them.
    expect(dockerCommands('docker rm web -f -- -odd')[0]).toMatchObject({
      args: ['web', '-odd'],
      flags: [{ name: '--force' }],
    })
    expect(dockerCommands('docker image rm $(docker image ls -q redis)')[0]).toMatchObject({
      verb: 'rmi',
      args: ['$(docker image ls -q redis)'],
    })
    expect(readDockerCommand(['ls', '-l'])).toBeUndefined()
    expect(dockerCommands('sudo -E DOCKER_BUILDKIT=0 docker build -t x .')[0]).toMatchObject({
      verb: 'build',
      args: ['.'],
    })
  })

  it('says what the CLI would refuse', () => {
    expect(dockerCommands('docker run --nmae web nginx')[0]?.problems).toEqual(['unknown flag: --nmae'])
    expect(dockerCommands('docker run -p')[0]?.problems).toEqual(["flag needs an argument: 'p' in -p"])
    expect(dockerCommands('docker containr ls')[0]).toMatchObject({
      known: false,
      problems: ['unknown command: docker containr'],
    })
  })

  it('splits a line into its commands and the operators between them', () => {
    const line = readCommandLine(`docker stop web && docker rm web; echo 'a && b' | cat`)
    expect(line.commands.map((c) => [c.text, c.shell.after, c.docker?.verb])).toEqual([
      ['docker stop web', null, 'stop'],
      ['docker rm web', '&&', 'rm'],
      ["echo 'a && b'", ';', undefined],
      ['cat', '|', undefined],
    ])
  })

  it('reads every docker command of the book as the CLI would, the book’s typesetting traps aside', () => {
    const book = buildBook(bundledBookFiles())
    let read = 0
    for (const chapter of [...book.chapters['zh-CN'], ...book.chapters.en]) {
      for (const step of chapter.blocks.flatMap((b) => b.steps)) {
        if (step.syntax || step.placeholders.length) continue
        const command = step.lint.find((l) => l.fixed)?.fixed ?? step.command
        for (const cmd of dockerCommands(command)) {
          read++
          expect(cmd.problems, `${step.id}: ${command}`).toEqual([])
          expect(cmd.known, `${step.id}: ${command}`).toBe(true)
        }
      }
    }
    expect(read).toBeGreaterThan(100)
  })
})

describe('a command that takes the keyboard', () => {
  it('is one that leaves the learner at a program’s prompt, however its flags are spelled', () => {
    for (const line of [
      'docker run -it ubuntu bash',
      'sudo docker container run --interactive --tty ubuntu',
      'docker exec -i web sh',
      'docker start -ai web',
      'docker attach web',
      'docker stop x && docker run -t -i ubuntu:18.04 /bin/bash',
    ])
      expect(takesKeyboard(line), line).toBe(true)
    for (const line of [
      'docker run -d nginx',
      'docker run -dit ubuntu',
      'docker run -t ubuntu date',
      'docker exec web ls',
      'docker ps',
      'ls -it',
    ])
      expect(takesKeyboard(line), line).toBe(false)
  })
})
