/** Endpoints and predictions. */

export interface EndpointUsage {
  calls: number;
  avgLatencyMs: number | null;
  lastCallAt: string | null;
}

export interface Endpoint {
  name: string;
  model: string;
  version: number;
  status: 'active' | 'stopped';
  inputShape: number[];
  classes: string[];
  usage: EndpointUsage;
  createdAt: string;
}

export interface Prediction {
  endpoint: string;
  model: string;
  version: number;
  label: string;
  probabilities: { label: string; probability: number }[];
  latencyMs: number;
  billed: boolean;
}

/** The answer of a text or tabular endpoint: one prediction per input. */
export interface InputsPrediction {
  endpoint: string;
  model: string;
  version: number;
  /** The first input's class (classifiers) or value (regression). */
  label?: string;
  value?: number;
  predictions: (
    | { label: string; probabilities: { label: string; probability: number }[] }
    | { value: number }
  )[];
  latencyMs: number;
  billed: boolean;
}
