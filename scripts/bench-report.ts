// What every side-by-side bench prints, so that none can flatter us: the load average before
// and after, each side's figure in every round, the median of the rounds next to the best, the
// ratio of both, and a loud warning when the machine was not quiet. A loaded machine flatters
// whichever side uses fewer threads, so a ratio measured on one is not a result.
import { loadavg } from 'node:os';

/** 1-minute load average at or above this: the machine was not quiet. */
export const QUIET_LOAD = 0.5;

const load1 = () => loadavg()[0]!;
const fmtLoad = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** The load average now (1, 5, 15 minutes), printed with a label; returns the 1-minute one. */
export function printLoad(label: 'before' | 'after'): number {
  console.log(`load average ${label}: ${fmtLoad()} (1, 5, 15 min)`);
  return load1();
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** One side's figures over the rounds, higher or lower being better. */
export interface Series {
  name: string;
  values: number[];
  higherIsBetter: boolean;
}

const best = (s: Series) => (s.higherIsBetter ? Math.max(...s.values) : Math.min(...s.values));

/**
 * The summary of two sides' rounds: median and best of each, and the ratio of ours to theirs
 * oriented so that above 1 means ours is better (throughput ours / theirs, latency theirs /
 * ours).
 */
export function printComparison(
  ours: Series,
  theirs: Series | null,
  fmt: (v: number) => string,
): void {
  const line = (label: string, pick: (s: Series) => number) => {
    const o = pick(ours);
    if (!theirs) return console.log(`  ${label}: ${ours.name} ${fmt(o)}`);
    const t = pick(theirs);
    const ratio = ours.higherIsBetter ? o / t : t / o;
    console.log(
      `  ${label}: ${ours.name} ${fmt(o)}, ${theirs.name} ${fmt(t)}, ratio ${ratio.toFixed(2)}x`,
    );
  };
  const n = ours.values.length;
  line(`median of ${n} rounds`, (s) => median(s.values));
  line(`best of ${n} rounds  `, best);
}

/** A round's line: each side's figure and the round's ratio. */
export function printRound(
  round: number,
  ours: Series,
  theirs: Series | null,
  fmt: (v: number) => string,
): void {
  const o = ours.values[round]!;
  let text = `  round ${round + 1}: ${ours.name} ${fmt(o)}`;
  const t = theirs?.values[round];
  if (theirs && t !== undefined) {
    const ratio = ours.higherIsBetter ? o / t : t / o;
    text += `, ${theirs.name} ${fmt(t)} (${ratio.toFixed(2)}x)`;
  }
  console.log(text);
}

/**
 * Prints the loud warning when the 1-minute load average was at or above QUIET_LOAD before or
 * after; returns whether the machine was quiet.
 */
export function warnUnlessQuiet(before: number, after: number): boolean {
  const worst = Math.max(before, after);
  if (worst < QUIET_LOAD) {
    console.log(
      `machine quiet: 1-minute load ${before.toFixed(2)} before, ${after.toFixed(2)} after`,
    );
    return true;
  }
  const bar = '!'.repeat(78);
  console.log(`\n${bar}`);
  console.log(
    `!! WARNING: the machine was NOT quiet: 1-minute load average ${before.toFixed(2)} before, ` +
      `${after.toFixed(2)} after\n` +
      `!! (quiet means under ${QUIET_LOAD}). Every figure above is unreliable, the ratios most\n` +
      '!! of all: a loaded machine flatters whichever side uses fewer threads. Rerun on a\n' +
      '!! quiet machine before quoting anything.',
  );
  console.log(`${bar}\n`);
  return false;
}
