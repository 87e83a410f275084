import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DocChunks } from '../../src/client/doc-chunks.ts'
import type { DocChunk, SearchManifest } from '../../src/search/index-format.ts'

const manifest = {
  generation: 'g1',
  docChunkSize: 4,
  venueYears: [{ key: 'iclr-2021', venue: 'iclr', name: 'ICLR', year: 2021, start: 0, count: 12 }],
} as unknown as SearchManifest

const chunkOf = (k: number): DocChunk => [0, 1, 2, 3].map((i) => [`iclr/2021/${4 * k + i}/`, `Paper ${4 * k + i}`, 'A. Author', 'Abstract.', ['a-author']])

/** A server whose answers wait until released: what was asked, and whether each request was aborted. */
function stallingServer() {
  const requests: { url: string; signal: AbortSignal | undefined; answer: () => void }[] = []
  vi.stubGlobal(
    'fetch',
    (url: string, init: RequestInit = {}) =>
      new Promise<Response>((resolve, reject) => {
        const k = Number(/\/(\d+)\.json\.gz/.exec(url)?.[1])
        const answer = () => resolve(new Response(gzipSync(JSON.stringify(chunkOf(k)))))
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
        requests.push({ url, signal: init.signal ?? undefined, answer })
      }),
  )
  return requests
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('document chunks', () => {
  it('should fetch a chunk once for all its documents', async () => {
    const requests = stallingServer()
    const docs = new DocChunks(manifest, '/search/')
    const both = Promise.all([docs.get(1), docs.get(2)])
    expect(requests.map((r) => r.url)).toEqual(['/search/docs/iclr-2021/0.json.gz?g=g1'])
    requests[0]?.answer()
    const [first, second] = await both
    expect(first.docs[first.offset]?.[1]).toBe('Paper 1')
    expect(second.docs[second.offset]?.[1]).toBe('Paper 2')
  })

  it('should fetch a guessed page, and keep its fetches when the guess was right', async () => {
    const requests = stallingServer()
    const docs = new DocChunks(manifest, '/search/')
    docs.prefetch('graph', [0, 5])
    expect(requests.map((r) => r.url)).toEqual(['/search/docs/iclr-2021/0.json.gz?g=g1', '/search/docs/iclr-2021/1.json.gz?g=g1'])
    docs.typed('graph')
    expect(requests.some((r) => r.signal?.aborted)).toBe(false)
    const shown = docs.get(5)
    for (const r of requests) r.answer()
    expect((await shown).docs[1]?.[1]).toBe('Paper 5')
    expect(requests).toHaveLength(2)
  })

  it('should stop a wrong guess and fetch again what the keystroke needs of it, without waiting on the aborted fetch', async () => {
    const requests = stallingServer()
    const docs = new DocChunks(manifest, '/search/')
    docs.prefetch('grad', [0, 9])
    docs.typed('grap')
    expect(requests.every((r) => r.signal?.aborted)).toBe(true)
    const shown = docs.get(9)
    expect(requests).toHaveLength(3)
    expect(requests[2]?.signal).toBeUndefined()
    requests[2]?.answer()
    expect((await shown).docs[1]?.[1]).toBe('Paper 9')
  })
})
