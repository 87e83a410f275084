/**
 * Real Chromium for the search benchmark (the system browser through playwright-core, as the
 * e2e tests launch it), and the script every benchmark page gets before its own scripts run.
 */
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const hasChromium = (): boolean => existsSync(chromiumPath)

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
}

/** A keystroke as the page saw it: `keydown` time, and the search box's value after its `input` event. */
export interface Keystroke {
  t: number
  key: string
  value: string | null
}

/** A `papershelf:results` performance mark. */
export interface ResultsMark {
  t: number
  query: string
  total: number
  /** False for first results that searched a wide prefix in its own shard only (complete ones follow when typing pauses). */
  complete: boolean
}

/** The first moment Pagefind's UI showed a result link under a given message (`12 results for graph`). */
export interface PagefindShown {
  t: number
  message: string
}

export interface LongTask {
  t: number
  duration: number
}

/** `window.__bench` in a benchmark page. */
export interface PageRecord {
  keys: Keystroke[]
  marks: ResultsMark[]
  pagefind: PagefindShown[]
  longTasks: LongTask[]
}

/** What the page reports to the bench as it happens (through the `__benchNotify` binding). */
export type Notification = { kind: 'mark'; mark: ResultsMark } | { kind: 'pagefind'; shown: PagefindShown }

/**
 * Installed with `addInitScript`, so it runs before any script of the page: times every
 * keystroke (`keydown`, capture phase) with `performance.now()` and the value it produced, every
 * `papershelf:results` mark (PerformanceObserver) and every long task (`longtask` entries: main
 * thread tasks of 50 ms or more), and watches for Pagefind's UI showing a result link. Marks and
 * Pagefind results are also sent to the bench as they happen. A string, so that nothing the
 * TypeScript transform adds can leak into the page.
 */
export const pageScript = `(() => {
  const record = { keys: [], marks: [], pagefind: [], longTasks: [] }
  window.__bench = record
  const notify = (payload) => { if (typeof window.__benchNotify === 'function') window.__benchNotify(payload).catch(() => {}) }
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) record.longTasks.push({ t: entry.startTime, duration: entry.duration })
    }).observe({ type: 'longtask', buffered: true })
  } catch {}
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name !== 'papershelf:results') continue
      const detail = entry.detail || {}
      const mark = { t: entry.startTime, query: String(detail.query), total: Number(detail.total), complete: detail.complete !== false }
      record.marks.push(mark)
      notify({ kind: 'mark', mark })
    }
  }).observe({ type: 'mark', buffered: true })
  addEventListener('keydown', (event) => { record.keys.push({ t: performance.now(), key: event.key, value: null }) }, true)
  addEventListener('input', (event) => {
    const key = record.keys[record.keys.length - 1]
    const target = event.target
    if (key && target && typeof target.value === 'string') key.value = target.value
  }, true)
  let lastMessage = ''
  const watch = () => {
    const message = document.querySelector('.pagefind-ui__message')
    const link = document.querySelector('.pagefind-ui__results .pagefind-ui__result-link')
    if (!message || !link) return
    const text = (message.textContent || '').trim()
    if (text === lastMessage) return
    lastMessage = text
    const shown = { t: performance.now(), message: text }
    record.pagefind.push(shown)
    notify({ kind: 'pagefind', shown })
  }
  const start = () => new MutationObserver(watch).observe(document.documentElement, { subtree: true, childList: true, characterData: true })
  if (document.documentElement) start()
  else addEventListener('DOMContentLoaded', start)
})()`
