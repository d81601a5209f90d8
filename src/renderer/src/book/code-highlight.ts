import { ref } from 'vue'
import hljs from 'highlight.js/lib/core'
import type { LanguageFn } from 'highlight.js'
import bash from 'highlight.js/lib/languages/bash'
import dockerfile from 'highlight.js/lib/languages/dockerfile'
import json from 'highlight.js/lib/languages/json'
import yaml from 'highlight.js/lib/languages/yaml'

// The book's own languages are part of the first paint.
hljs.registerLanguage('bash', bash)
hljs.registerLanguage('dockerfile', dockerfile)
hljs.registerLanguage('json', json)
hljs.registerLanguage('yaml', yaml)

/** Languages a Docker or ROS text may show beyond those: each a chunk of its own, fetched when first shown. */
const ON_DEMAND: Record<string, () => Promise<{ default: LanguageFn }>> = {
  python: () => import('highlight.js/lib/languages/python'),
  xml: () => import('highlight.js/lib/languages/xml'),
  ini: () => import('highlight.js/lib/languages/ini'),
  cpp: () => import('highlight.js/lib/languages/cpp'),
  c: () => import('highlight.js/lib/languages/c'),
  cmake: () => import('highlight.js/lib/languages/cmake'),
  makefile: () => import('highlight.js/lib/languages/makefile'),
  javascript: () => import('highlight.js/lib/languages/javascript'),
  typescript: () => import('highlight.js/lib/languages/typescript'),
  go: () => import('highlight.js/lib/languages/go'),
  rust: () => import('highlight.js/lib/languages/rust'),
  java: () => import('highlight.js/lib/languages/java'),
  nginx: () => import('highlight.js/lib/languages/nginx'),
  diff: () => import('highlight.js/lib/languages/diff'),
  powershell: () => import('highlight.js/lib/languages/powershell'),
  properties: () => import('highlight.js/lib/languages/properties'),
  sql: () => import('highlight.js/lib/languages/sql'),
  markdown: () => import('highlight.js/lib/languages/markdown'),
  protobuf: () => import('highlight.js/lib/languages/protobuf'),
}

/** What fences write, to the language that highlights it. */
const ALIASES: Record<string, string> = {
  '': 'bash',
  sh: 'bash',
  shell: 'bash',
  console: 'bash',
  zsh: 'bash',
  docker: 'dockerfile',
  yml: 'yaml',
  py: 'python',
  python3: 'python',
  html: 'xml',
  launch: 'xml',
  urdf: 'xml',
  xacro: 'xml',
  toml: 'ini',
  'c++': 'cpp',
  cc: 'cpp',
  hpp: 'cpp',
  h: 'c',
  make: 'makefile',
  mk: 'makefile',
  js: 'javascript',
  ts: 'typescript',
  golang: 'go',
  rs: 'rust',
  ps1: 'powershell',
  pwsh: 'powershell',
  patch: 'diff',
  md: 'markdown',
  proto: 'protobuf',
}

/** Bumped whenever a language arrives, so that code shown before it is highlighted again. */
const arrivals = ref(0)
const loading = new Map<string, Promise<void>>()

export function languageOf(lang: string): string {
  const l = lang.trim().toLowerCase()
  return ALIASES[l] ?? l
}

/** Registers the language a fence names (fetching its chunk once); resolves at once for one already here. */
export function ensureLanguage(lang: string): Promise<void> {
  const name = languageOf(lang)
  const load = ON_DEMAND[name]
  if (hljs.getLanguage(name) || !load) return Promise.resolve()
  let pending = loading.get(name)
  if (!pending) {
    pending = load().then(
      (m) => {
        hljs.registerLanguage(name, m.default)
        arrivals.value++
      },
      // Not fetched (a dropped connection): the code stays plain, and the next showing tries again.
      () => void loading.delete(name),
    )
    loading.set(name, pending)
  }
  return pending
}

function escapeHtml(code: string): string {
  return code.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * A code block's HTML, offline: highlighted where its language is here, plain (escaped) text while it is fetched and
 * for languages highlight.js does not know. Reactive: read in a computed, it is redone when the language arrives.
 */
export function highlight(code: string, lang: string): string {
  void arrivals.value
  const name = languageOf(lang)
  if (hljs.getLanguage(name)) return hljs.highlight(code, { language: name, ignoreIllegals: true }).value
  void ensureLanguage(name)
  return escapeHtml(code)
}
