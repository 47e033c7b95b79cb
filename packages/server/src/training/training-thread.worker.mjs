// The training thread's entry: a worker thread starts without the parent's TypeScript loader,
// so it registers tsx itself, then runs the thread's TypeScript body.
import { getPriority, setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// Below the process's OS priority (QUDAO_TRAINING_NICE) before anything loads, so that all the
// thread does (compiling its sources, loading data, training) and the helper threads it starts
// yield the cores to the threads answering requests. Linux only: elsewhere setpriority on the
// calling thread lowers the whole process.
const nice = workerData.config.trainingNice;
if (nice > 0 && process.platform === 'linux') setPriority(Math.min(19, getPriority() + nice));

register();
await import('./training-thread.worker.ts');
