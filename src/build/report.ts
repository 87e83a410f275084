import type { VFile } from 'vfile'

type VFileMessage = VFile['messages'][number]

/** Counts of messages by severity. */
export interface Tally {
  errors: number
  warnings: number
}

export function tally(files: readonly VFile[]): Tally {
  let errors = 0
  let warnings = 0
  for (const file of files) for (const m of file.messages) m.fatal ? errors++ : warnings++
  return { errors, warnings }
}

/** `path:line:column: error: reason [rule]`, the way compilers print. */
export function formatMessage(file: VFile, message: VFileMessage): string {
  const severity = message.fatal ? 'error' : 'warning'
  return `${file.path}:${message.line ?? 1}:${message.column ?? 1}: ${severity}: ${message.reason} [${message.ruleId ?? 'papershelf'}]`
}

/** Every message of every file, in file then line order. */
export function formatReport(files: readonly VFile[]): string[] {
  const lines: string[] = []
  for (const file of files) {
    const sorted = [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    for (const message of sorted) lines.push(formatMessage(file, message))
  }
  return lines
}

/** Messages as data, for `check --format json`. */
export function reportJson(files: readonly VFile[]) {
  return files.flatMap((file) =>
    file.messages.map((m) => ({
      file: file.path,
      line: m.line ?? 1,
      column: m.column ?? 1,
      severity: m.fatal ? 'error' : 'warning',
      rule: m.ruleId ?? 'papershelf',
      message: m.reason,
    })),
  )
}
