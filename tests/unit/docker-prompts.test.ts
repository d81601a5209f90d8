import { describe, expect, it } from 'vitest'
import { answerPrompts, dockerPrompts } from '@shared/docker/prompts'

describe('the questions docker asks in the terminal (the one command reader)', () => {
  it('knows a prune asks [y/N] unless forced, in any spelling', () => {
    for (const line of [
      'docker container prune',
      'docker volume prune',
      'docker image prune -a',
      'docker system prune --volumes',
      'sudo docker network prune --filter until=24h',
    ])
      expect(dockerPrompts(line), line).toEqual([expect.objectContaining({ kind: 'confirm', answer: '--force' })])
    for (const line of ['docker container prune -f', 'docker volume prune --force', 'docker ps -a', 'echo prune'])
      expect(dockerPrompts(line), line).toEqual([])
  })

  it('answers a prune with --force right after its verb, leaving the rest as typed', () => {
    expect(answerPrompts('docker container prune')).toBe('docker container prune --force')
    expect(answerPrompts("docker image prune -a --filter 'label=a b'")).toBe(
      "docker image prune --force -a --filter 'label=a b'",
    )
    expect(answerPrompts('docker volume prune && docker system prune')).toBe(
      'docker volume prune --force && docker system prune --force',
    )
    expect(answerPrompts('docker container prune -f')).toBe('docker container prune -f')
    expect(answerPrompts('docker ps')).toBe('docker ps')
  })

  it('says a login asks for a password, which the app never answers', () => {
    expect(dockerPrompts('docker login')).toEqual([{ kind: 'credentials', verb: 'login', answer: null }])
    expect(answerPrompts('docker login')).toBe('docker login')
    expect(dockerPrompts('docker login -u me --password-stdin')).toEqual([])
  })
})
