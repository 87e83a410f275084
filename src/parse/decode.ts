import type { VFile } from 'vfile'

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
const lenientDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false })

/**
 * Decode a listing file's bytes. Invalid UTF-8 is reported (with the place of the first bad
 * byte) and decoded with U+FFFD so that the rest of the file can still be checked.
 * A BOM is dropped; CRLF and lone CR become LF.
 */
export function decodeListing(bytes: Uint8Array, file: VFile): string {
  let text: string
  try {
    text = strictDecoder.decode(bytes)
  } catch {
    const offset = firstInvalidUtf8(bytes)
    const before = lenientDecoder.decode(bytes.subarray(0, offset))
    const lines = before.split(/\r\n|\r|\n/)
    const message = file.message(`Unexpected invalid UTF-8 byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}, expected a UTF-8 encoded file`, {
      place: { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 },
      ruleId: 'invalid-utf8',
      source: 'papershelf',
    })
    message.fatal = true
    text = lenientDecoder.decode(bytes)
  }
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i] as number
    let need: number
    let min: number
    if (b < 0x80) {
      i++
      continue
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1
      min = 0x80
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      min = 0x800
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      min = 0x10000
    } else return i
    let cp = b & (0x3f >> need)
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (c & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += need + 1
  }
  return bytes.length
}
