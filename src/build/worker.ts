import { parentPort, workerData } from 'node:worker_threads'
import { type Job, type JobContext, runJob } from './jobs.ts'
import { SiteWriter } from './output.ts'

// A build worker: takes jobs from the pool, writes into the staging folder, answers with results.
const context = workerData as JobContext
const writer = new SiteWriter(context.root, context.previous)

parentPort?.on('message', (job: Job) => {
  const { result, transfer } = runJob(context, job, writer)
  parentPort?.postMessage(result, transfer)
})
