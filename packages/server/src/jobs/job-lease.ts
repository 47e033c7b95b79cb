import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This process's identity as a job owner: host, pid and an id drawn at start. The pid alone is
 * not an identity: in a container (its own PID namespace) every server is PID 1, so a server
 * restarted after kill -9 has the pid of its dead predecessor. One id per process, not per
 * runner, so two contexts opened in one process never take each other's jobs for orphans.
 */
const INSTANCE = randomUUID();

/** Default time between two heartbeats of a runner's jobs. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/**
 * Default lease: a job whose owner has not written a heartbeat for this long is orphaned, on any
 * host. Generous (12 heartbeats), because a server's event loop can stall for seconds.
 */
export const LEASE_MS = 60_000;

/** The `worker` value this process writes on its jobs. */
export function currentWorker(): string {
  return `${hostname()}:${process.pid}:${INSTANCE}`;
}

export interface JobOwner {
  worker: string | null;
  heartbeat_at: string | null;
}

/**
 * Whether nothing will ever finish a queued or running job: no owner; an owner whose lease ran
 * out; on this host, an owner whose pid is gone, or whose pid is ours but whose instance is
 * not (our pid's previous life, the container case). Another host's job with a live lease is
 * not ours to judge.
 */
export function isOrphaned(owner: JobOwner, now: number, leaseMs = LEASE_MS): boolean {
  if (!owner.worker) return true;
  if (owner.worker === currentWorker()) return false;
  if (owner.heartbeat_at && now - Date.parse(owner.heartbeat_at) > leaseMs) return true;
  const [host, pid] = owner.worker.split(':');
  if (host !== hostname()) return false;
  // Rows of this host with our pid and another instance (or none: written before instances)
  // belong to a process that had our pid before us.
  if (Number(pid) === process.pid) return true;
  return !isPidAlive(Number(pid));
}

function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
