/**
 * When each gateway request arrived, so `x-qudao-overhead-ms` counts the gateway's whole time
 * (body parsing, auth, validation, tokenising, admission, budget, metering) less the model's,
 * not just the part after the route began.
 */
const arrivals = new WeakMap<object, number>();

export function markArrival(request: object): void {
  arrivals.set(request, performance.now());
}

export function arrivalOf(request: object): number | undefined {
  return arrivals.get(request);
}

/** A non-streamed answer reports its model time here; the route's onSend subtracts it. */
export const MODEL_MS_HEADER = 'x-qudao-model-ms';
