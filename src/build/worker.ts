import { parentPort, workerData } from 'node:worker_threads'
import { type Job, type JobContext, runJob } from './jobs.ts'
import { SiteWriter, siteFiles } from './output.ts'

// A build worker: takes jobs from the pool, writes into the staging folder, answers with results.
const context = workerData as JobContext
const writer = new SiteWriter(context.root, {
  live: context.previous,
  liveFiles: context.liveFiles && siteFiles(context.liveFiles),
  stagedFiles: context.stagedFiles && siteFiles(context.stagedFiles),
  hashes: context.cache !== undefined,
})

parentPort?.on('message', (job: Job) => {
  const { result, transfer } = runJob(context, job, writer)
  parentPort?.postMessage(result, transfer)
})
