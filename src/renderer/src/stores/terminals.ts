import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { DockerFailure, TerminalInfo } from '@shared/contract'
import { errorMessage } from '@shared/errors'
import { call, on } from '../api/client'

const DEFAULT_SIZE = { cols: 100, rows: 30 }

/** The terminal tabs: which exist, and which is active. */
export const useTerminalsStore = defineStore('terminals', () => {
  const tabs = ref<TerminalInfo[]>([])
  const activeId = ref<string | undefined>()
  const error = ref<string | undefined>()
  /** Each terminal's last failed command typed by hand, and why it failed (a step's run shows it under the step). */
  const failures = ref<Record<string, { commandId: string; failure: DockerFailure }>>({})

  const active = computed(() => tabs.value.find((t) => t.terminalId === activeId.value))

  function upsert(info: TerminalInfo): void {
    const i = tabs.value.findIndex((t) => t.terminalId === info.terminalId)
    if (i === -1) tabs.value.push(info)
    else tabs.value[i] = info
  }

  on('terminal.updated', upsert)
  // Each terminal's last run: a newer command replaces what the last failure said; a failed command typed by hand says
  // why over its terminal (a step's run says it under the step).
  on('runs.updated', (run) => {
    const shown = failures.value[run.terminalId]
    if (run.state === 'running' && shown && shown.commandId !== run.commandId) delete failures.value[run.terminalId]
    if (run.failure && !run.stepId) failures.value[run.terminalId] = { commandId: run.commandId, failure: run.failure }
  })

  /** The backend's terminals, as they are now: tabs it no longer has (a restarted backend) go. */
  async function load(): Promise<void> {
    const existing = await call('terminal.list')
    const ids = new Set(existing.map((t) => t.terminalId))
    tabs.value = tabs.value.filter((t) => ids.has(t.terminalId))
    for (const t of existing) upsert(t)
    if (!activeId.value || !ids.has(activeId.value))
      activeId.value = tabs.value.find((t) => t.state === 'running')?.terminalId
  }

  async function create(cwd?: string): Promise<TerminalInfo | undefined> {
    try {
      error.value = undefined
      const info = await call('terminal.create', { ...DEFAULT_SIZE, ...(cwd ? { cwd } : {}) })
      upsert(info)
      activeId.value = info.terminalId
      return info
    } catch (e) {
      error.value = errorMessage(e)
      return undefined
    }
  }

  async function ensureOne(): Promise<TerminalInfo | undefined> {
    await load()
    return active.value ?? (await create())
  }

  async function restart(terminalId: string, cwd?: string): Promise<void> {
    upsert(await call('terminal.restart', { terminalId, ...(cwd ? { cwd } : {}) }))
  }

  async function close(terminalId: string): Promise<void> {
    await call('terminal.kill', { terminalId })
    tabs.value = tabs.value.filter((t) => t.terminalId !== terminalId)
    if (activeId.value === terminalId) activeId.value = tabs.value[0]?.terminalId
  }

  /** Sends a command to the active terminal (creating one if needed); rejects with TERMINAL_BUSY. */
  async function run(
    command: string,
    options: { stepId?: string; force?: boolean; cwd?: string } = {},
  ): Promise<string> {
    const target = active.value?.state === 'running' ? active.value : await create(options.cwd)
    if (!target) throw new Error(error.value ?? 'No terminal')
    const { runId } = await call('terminal.run', {
      terminalId: target.terminalId,
      command,
      ...(options.stepId ? { stepId: options.stepId } : {}),
      ...(options.force ? { force: true } : {}),
    })
    return runId
  }

  /** Bumped to ask the terminal pane to put the keyboard in the active terminal (a shortcut, a button). */
  const focusRequests = ref(0)
  function requestFocus(): void {
    focusRequests.value++
  }

  return {
    tabs,
    activeId,
    active,
    error,
    failures,
    load,
    create,
    ensureOne,
    restart,
    close,
    run,
    focusRequests,
    requestFocus,
  }
})
