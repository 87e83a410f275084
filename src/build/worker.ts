import { parentPort } from 'node:worker_threads'
import { type Job, type JobContext, runJob } from './jobs.ts'
import { SiteWriter, siteFiles } from './output.ts'

// A build worker: its first message is what every job shares (see `WorkerPool.start`); then it
// takes jobs, writes into the staging folder, and answers with results.
let shared: { context: JobContext; writer: SiteWriter } | undefined

parentPort?.on('message', (message: JobContext | Job) => {
  if (!shared) {
    const context = message as JobContext
    const writer = new SiteWriter(context.root, {
      live: context.previous,
      liveFiles: context.liveFiles && siteFiles(context.liveFiles),
      stagedFiles: context.stagedFiles && siteFiles(context.stagedFiles),
      hashes: context.cache !== undefined,
    })
    shared = { context, writer }
    return
  }
  const { result, transfer } = runJob(shared.context, message as Job, shared.writer)
  parentPort?.postMessage(result, transfer)
})
