/**
 * Real Chromium for end-to-end tests, through playwright-core and the system browser (no
 * browser download). Pair with `serveStatic` from `./static-server.ts`.
 *
 * ```ts
 * const browser = await launchBrowser()
 * const page = await browser.newPage()
 * …
 * await browser.close()
 * ```
 */
import { existsSync } from 'node:fs'
import { type Browser, type ConsoleMessage, chromium, type Page } from 'playwright-core'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Whether the browser is there; e2e suites can `describe.skipIf(!hasBrowser)`. */
export const hasBrowser = existsSync(chromiumPath)

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
}

export interface PageWatch {
  /** Dialogs (`alert`, `confirm`, `prompt`, `beforeunload`) that opened; each is dismissed. */
  dialogs: string[]
  /** Console messages of type `error`, and uncaught page errors. */
  errors: string[]
  /** Every console message, as `type: text`. */
  console: string[]
}

/**
 * Record what a page does that a test usually wants to fail on: dialogs, console errors
 * (CSP violations are reported there) and uncaught exceptions.
 */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { dialogs: [], errors: [], console: [] }
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss().catch(() => {})
  })
  page.on('console', (message: ConsoleMessage) => {
    watch.console.push(`${message.type()}: ${message.text()}`)
    if (message.type() === 'error') watch.errors.push(message.text())
  })
  page.on('pageerror', (error) => watch.errors.push(`uncaught: ${error.message}`))
  return watch
}
