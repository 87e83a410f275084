import { parentPort } from 'node:worker_threads'
import { type Job, type JobContext, type JobFiles, runJob } from './jobs.ts'
import { type SiteFiles, SiteWriter, siteFiles } from './output.ts'

// A build worker: its first message is what every job shares (see `WorkerPool.start`); then it
// takes jobs, writes into the staging folder, and answers with results.
let shared: { context: JobContext; writer: SiteWriter; shards: Known } | undefined

/** A job's file lists as the writer looks them up. */
type Known = [live: SiteFiles | undefined, staged: SiteFiles | undefined]
const known = (files: JobFiles | undefined): Known => [files && siteFiles(files.live), files?.staged && siteFiles(files.staged)]

parentPort?.on('message', (message: JobContext | Job) => {
  if (!shared) {
    const context = message as JobContext
    const writer = new SiteWriter(context.root, { live: context.previous, hashes: context.cache !== undefined })
    shared = { context, writer, shards: known(context.shardFiles) }
    return
  }
  const job = message as Job
  shared.writer.know(...(job.type === 'encode-shard' ? shared.shards : known(job.files)))
  const { result, transfer } = runJob(shared.context, job, shared.writer)
  parentPort?.postMessage(result, transfer)
})
