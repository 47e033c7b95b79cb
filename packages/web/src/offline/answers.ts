/** One class answer, as serving gives it: the label and every class's probability in class order. */
export interface ClassAnswer {
  label: string;
  probabilities: { label: string; probability: number }[];
}

/**
 * The model's outputs as serving reads them (`serving/version-predict.service.ts` `classify`):
 * one sigmoid output is the second of two classes, the label is the first highest probability.
 */
export function answerOf(outputs: ArrayLike<number>, classes: readonly string[]): ClassAnswer {
  const probs = outputs.length === 1 ? [1 - outputs[0]!, outputs[0]!] : Array.from(outputs);
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
  return {
    label: classes[best] ?? String(best),
    probabilities: probs.map((probability, i) => ({
      label: classes[i] ?? String(i),
      probability,
    })),
  };
}

/** One class of the comparison; `server` is null when the server's answer lacks the class. */
export interface ClassDifference {
  label: string;
  browser: number;
  server: number | null;
  /** |browser − server|; Infinity when the server lacks the class. */
  difference: number;
}

export interface AnswerComparison {
  labelsAgree: boolean;
  /** The largest |browser − server| over the classes (Infinity if their classes differ). */
  maxDifference: number;
  classes: ClassDifference[];
}

/** How far the browser's answer is from the server's, class by class (matched by name). */
export function compareAnswers(browser: ClassAnswer, server: ClassAnswer): AnswerComparison {
  const served = new Map(server.probabilities.map((p) => [p.label, p.probability]));
  const classes = browser.probabilities.map((p) => {
    const other = served.get(p.label);
    return {
      label: p.label,
      browser: p.probability,
      server: other ?? null,
      difference: other === undefined ? Number.POSITIVE_INFINITY : Math.abs(p.probability - other),
    };
  });
  const sameClasses = classes.length === served.size;
  return {
    labelsAgree: browser.label === server.label,
    maxDifference: sameClasses
      ? classes.reduce((max, c) => Math.max(max, c.difference), 0)
      : Number.POSITIVE_INFINITY,
    classes,
  };
}

/** The `n` most probable classes, most probable first (ties in class order). */
export function topClasses(answer: ClassAnswer, n: number): ClassAnswer {
  const sorted = [...answer.probabilities].sort((a, b) => b.probability - a.probability);
  return { label: answer.label, probabilities: sorted.slice(0, n) };
}
