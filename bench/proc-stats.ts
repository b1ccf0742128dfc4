// CPU time and resident memory of another process, from /proc (Linux): benchmarks measure the server
// process, not themselves.
import fs from 'node:fs';

/** CPU seconds (user + system) the process has used so far, all its threads (ticks of 1/100 s). */
export function cpuSecondsOf(pid: number): number {
  return cpuSecondsIn(`/proc/${pid}/stat`);
}

/**
 * CPU seconds of the process's main thread alone: in Node the thread that runs the event loop, whose time per
 * request bounds the requests/s one process can serve (worker threads run beside it on other cores).
 */
export function mainThreadCpuSecondsOf(pid: number): number {
  return cpuSecondsIn(`/proc/${pid}/task/${pid}/stat`);
}

function cpuSecondsIn(statFile: string): number {
  const fields = fs.readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of the process in MiB. */
export function residentMbOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? 0 : Number(kb) / 1024;
}
