// The training thread's entry: a worker thread starts without the parent's TypeScript loader,
// so it registers tsx itself, then runs the thread's TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./training-thread.worker.ts');
