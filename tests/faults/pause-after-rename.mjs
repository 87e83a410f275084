// Fault injection for the output swap, loaded with `node --import` before papershelf:
// after a rename onto the path in PAPERSHELF_PAUSE_AFTER_RENAME_TO, write the file named by
// PAPERSHELF_PAUSE_MARKER and stop this thread for good, so that a test can SIGKILL the build
// at exactly that point of the swap.
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { resolve } from 'node:path'

const target = process.env.PAPERSHELF_PAUSE_AFTER_RENAME_TO
const marker = process.env.PAPERSHELF_PAUSE_MARKER
if (target && marker) {
  const rename = fs.renameSync
  fs.renameSync = (from, to) => {
    rename(from, to)
    if (resolve(String(to)) === resolve(target)) {
      fs.writeFileSync(marker, String(process.pid))
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
    }
  }
  syncBuiltinESMExports()
}
