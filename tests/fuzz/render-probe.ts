/**
 * Render one generated abstract in a process of its own, so that a test can give up on it
 * after a deadline: `node --import tsx tests/fuzz/render-probe.ts <kind> <n>`.
 * Prints `ok <ms>` or `error <message>`.
 */
import { renderAbstract } from '../../src/markdown/render.ts'

export const probes: Record<string, (n: number) => string> = {
  /** A list nested `n` deep, two more spaces of indentation per level. */
  'nested-list': (n) => Array.from({ length: n }, (_, k) => `${' '.repeat(k * 2)}- x`).join('\n'),
  /** `n` block quotes inside each other on one line. */
  'nested-quote': (n) => `${'>'.repeat(n)} x`,
}

const [kind, count] = process.argv.slice(2)
const make = kind === undefined ? undefined : probes[kind]
if (make) {
  const started = performance.now()
  try {
    renderAbstract(make(Number(count)))
    process.stdout.write(`ok ${Math.round(performance.now() - started)}\n`)
  } catch (error) {
    process.stdout.write(`error ${(error as Error).message}\n`)
  }
}
