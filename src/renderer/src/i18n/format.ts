import type { ContainerSummary } from '@shared/contract'

type Translate = (key: string, values?: Record<string, unknown>) => string
type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year'

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const
/** The states the engine reports (docker's `State`); anything else is shown as it came. */
const STATES = new Set(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'])
const HOUR = 3_600_000

/**
 * How long `ms` is, in the unit docker itself would say it (its HumanDuration): seconds below a minute, minutes below
 * an hour, hours below two days, then days, weeks, months and years; never less than one second.
 */
export function elapsed(ms: number): { value: number; unit: Unit } {
  const s = Math.max(1, Math.floor(ms / 1000))
  const hours = ms / HOUR
  if (s < 60) return { value: s, unit: 'second' }
  if (s < 3600) return { value: Math.floor(s / 60), unit: 'minute' }
  if (hours < 48) return { value: Math.floor(hours), unit: 'hour' }
  if (hours < 24 * 7 * 2) return { value: Math.floor(hours / 24), unit: 'day' }
  if (hours < 24 * 30 * 2) return { value: Math.floor(hours / 24 / 7), unit: 'week' }
  if (hours < 24 * 365 * 2) return { value: Math.floor(hours / 24 / 30), unit: 'month' }
  return { value: Math.floor(hours / 24 / 365), unit: 'year' }
}

/**
 * Every time, size, age, duration, exit code and container state the UI shows, in one language: one place, so that no
 * panel formats them its own way (an English "4:12:18 AM" or "31s 前" in the Chinese UI). `t` words what Intl cannot.
 */
export interface Format {
  readonly locale: string
  /** A time of day: 04:12:18 in Chinese, 4:12:18 AM in English. */
  time(ms: number): string
  dateTime(ms: number): string
  /** 1536 → "1.5 KiB", as `docker images` shows sizes. */
  bytes(n: number): string
  percent(n: number): string
  /** How old, compactly (a table's column): "31s", "31秒". */
  age(ms: number, now: number): string
  /** How long ago, in a sentence: "31s ago", "31秒前". */
  ago(ms: number, now: number): string
  /** A span of time in words: "5 minutes", "5分钟". */
  duration(ms: number): string
  /** A command's result: "exit 0", "退出码 0". */
  exit(code: number | null): string
  /** An engine state word (running, created, exited…). */
  containerState(state: string): string
  /** A container's status, aged at `now` from the engine's own times ("Up 5 minutes", "已运行 5分钟"). */
  containerStatus(c: ContainerSummary, now: number): string
  /** Placeholder for a value there is none of (a created container's CPU). */
  readonly none: string
}

export function createFormat(locale: 'zh-CN' | 'en', t: Translate): Format {
  const timeOfDay = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' })
  const dateAndTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' })
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'always', style: 'narrow' })
  const units = new Map<string, Intl.NumberFormat>()
  const unit = (u: Unit, display: 'narrow' | 'long'): Intl.NumberFormat => {
    const key = `${u}:${display}`
    let f = units.get(key)
    if (!f) units.set(key, (f = new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: display })))
    return f
  }
  const number = (digits: number): Intl.NumberFormat =>
    new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })
  const whole = number(0)
  const tenth = number(1)
  const ago = (ms: number, now: number): string => {
    const e = elapsed(now - ms)
    return relative.format(-e.value, e.unit)
  }
  const duration = (ms: number): string => {
    const e = elapsed(ms)
    return unit(e.unit, 'long').format(e.value)
  }
  const health = (status: string): string => {
    const m = /\((healthy|unhealthy|health: starting)\)/.exec(status)
    return m ? t(`format.health.${m[1] === 'health: starting' ? 'starting' : m[1]}`) : ''
  }
  return {
    locale,
    none: '—',
    time: (ms) => timeOfDay.format(ms),
    dateTime: (ms) => dateAndTime.format(ms),
    bytes(n) {
      if (!Number.isFinite(n) || n < 0) return '?'
      let i = 0
      let v = n
      while (v >= 1024 && i < BYTE_UNITS.length - 1) {
        v /= 1024
        i++
      }
      return `${(v >= 10 || i === 0 ? whole : tenth).format(v)} ${BYTE_UNITS[i]}`
    },
    percent: (n) => `${tenth.format(Number.isFinite(n) ? n : 0)}%`,
    age(ms, now) {
      const e = elapsed(now - ms)
      return unit(e.unit, 'narrow').format(e.value)
    },
    ago,
    duration,
    exit: (code) => t('format.exit', { code: code ?? '?' }),
    containerState: (state) => (STATES.has(state) ? t(`format.state.${state}`) : state),
    containerStatus(c, now) {
      const values = { health: health(c.status), code: c.exitCode ?? '?' }
      const running = c.startedAt !== null ? duration(now - c.startedAt) : undefined
      const ended = c.finishedAt !== null ? ago(c.finishedAt, now) : undefined
      let text: string | undefined
      if (c.state === 'created') text = t('format.status.created')
      else if (c.state === 'dead') text = t('format.status.dead')
      else if (c.state === 'removing') text = t('format.status.removing')
      else if (c.state === 'running' && running) text = t('format.status.up', { ...values, duration: running })
      else if (c.state === 'paused' && running) text = t('format.status.paused', { ...values, duration: running })
      else if (c.state === 'restarting' && ended) text = t('format.status.restarting', { ...values, ago: ended })
      else if (c.state === 'exited' && ended) text = t('format.status.exited', { ...values, ago: ended })
      // Without the engine's times (not read yet), its own sentence is the best there is.
      return text ? `${text}${values.health ? ` (${values.health})` : ''}` : c.status
    },
  }
}
