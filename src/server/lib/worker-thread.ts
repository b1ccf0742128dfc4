// Starts a worker thread from a module next to the caller. The production build runs the compiled `.js`
// file; under tsx or vitest (sources run as TypeScript) the thread registers tsx's loader first and then
// imports the `.ts` source.
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** `besideUrl` is the caller's `import.meta.url`; `name` the worker module's file name without extension. */
export function startWorkerBeside(besideUrl: string, name: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  if (besideUrl.endsWith('.js')) return new Worker(new URL(`./${name}.js`, besideUrl), { workerData, resourceLimits });
  const source = new URL(`./${name}.ts`, besideUrl).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}
