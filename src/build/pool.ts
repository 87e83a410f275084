import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

/**
 * A fixed set of worker threads running `worker.ts`, taking jobs in order as they free up. The
 * threads start loading at once; what every job shares is handed to them with `start`, which
 * may come later (a build starts them before its front-end bundle is ready).
 */
export class WorkerPool<Job, Result> {
  private readonly idle: Worker[] = []
  private readonly all: Worker[] = []
  private readonly queue: { job: Job; transfer: ArrayBuffer[]; resolve: (r: Result) => void; reject: (e: unknown) => void }[] = []
  private readonly busy = new Map<Worker, { resolve: (r: Result) => void; reject: (e: unknown) => void }>()
  private failure: unknown
  private started = false

  get size(): number {
    return this.all.length
  }

  /** @param heapLimitMb the old-generation heap each worker may use, in MB (V8's default if not given). */
  constructor(size: number, heapLimitMb?: number) {
    const options = heapLimitMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapLimitMb } }
    for (let i = 0; i < size; i++) {
      const worker = bundledWorker ? new Worker(bundledWorker, options) : new Worker(sourceWorker(), { ...options, eval: true })
      worker.on('message', (result: Result) => this.done(worker, result))
      worker.on('error', (error) => this.fail(worker, error))
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(worker, new Error(`build worker exited with code ${code}`))
      })
      this.all.push(worker)
      this.idle.push(worker)
    }
  }

  /** Hand every worker what all jobs share: their first message, before any job. */
  start(shared: unknown): void {
    if (this.started) throw new Error('WorkerPool.start called twice')
    for (const worker of this.all) worker.postMessage(shared)
    this.started = true
    this.next()
  }

  run(job: Job, transfer: ArrayBuffer[] = []): Promise<Result> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.queue.push({ job, transfer, resolve, reject })
      this.next()
    })
  }

  private next(): void {
    while (this.started && this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker
      const task = this.queue.shift() as (typeof this.queue)[number]
      this.busy.set(worker, task)
      worker.postMessage(task.job, task.transfer)
    }
  }

  private done(worker: Worker, result: Result): void {
    const task = this.busy.get(worker)
    this.busy.delete(worker)
    this.idle.push(worker)
    task?.resolve(result)
    this.next()
  }

  private fail(worker: Worker, error: unknown): void {
    this.failure ??= error
    this.busy.get(worker)?.reject(error)
    this.busy.delete(worker)
    for (const task of this.queue.splice(0)) task.reject(error)
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((worker) => worker.terminate()))
  }
}

/** The worker module of the CLI's bundle (see bin/load-cli.js), when the CLI runs from one. */
let bundledWorker: URL | undefined

export function useBundledWorker(url: URL): void {
  bundledWorker = url
}

/**
 * Otherwise workers load TypeScript the way the CLI does: tsx's loader is registered before the
 * worker module is imported (Node 20 ignores `--import` hooks for a worker's entry file).
 */
function sourceWorker(): string {
  const entry = new URL('./worker.ts', import.meta.url).href
  return `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}) })`
}

/** URL of tsx's ESM register API (`tsx/esm/api`, import condition). */
function tsxEsmApi(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api')
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json')
  return pathToFileURL(join(dirname(packageJson), 'dist/esm/api/index.mjs')).href
}

/**
 * Threads to use by default: one per core. The main thread mostly waits for them (measured on a
 * 27,000-paper build: busy 7 s of 21 s), so leaving it a core of its own left that core idle.
 */
export function defaultJobs(): number {
  return availableParallelism()
}

/**
 * `f` over `items` with at most `limit` calls unsettled at once, results in the order of the
 * items. Items are taken from the iterable only as earlier calls finish, so a lazy iterable (the
 * shards of a merge, batches of author pages) is never all in memory, queued for the workers,
 * at once. The first failure stops taking items and is thrown once the calls under way settle.
 */
export async function mapBounded<T, R>(items: Iterable<T>, limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  const running = new Set<Promise<void>>()
  let failure: { error: unknown } | undefined
  let next = 0
  for (const item of items) {
    if (failure) break
    const at = next++
    const call: Promise<void> = f(item)
      .then(
        (result) => {
          results[at] = result
        },
        (error: unknown) => {
          failure ??= { error }
        },
      )
      .finally(() => running.delete(call))
    running.add(call)
    if (running.size >= limit) await Promise.race(running)
  }
  await Promise.all(running)
  if (failure) throw failure.error
  return results
}
