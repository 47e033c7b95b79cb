/**
 * Text of a generation as it grows, cut at the first stop sequence. `push` returns the part
 * that may be shown now: text that could still turn out to be the start of a stop sequence is
 * held back until the next tokens decide (a streamed reply never shows a stop sequence).
 */
export class StopSequenceFilter {
  private text = '';
  private shown = 0;
  stopped = false;

  constructor(private readonly stops: readonly string[]) {}

  /** Adds generated text; returns the newly showable text. */
  push(delta: string): string {
    if (this.stopped) return '';
    const searchFrom = Math.max(0, this.text.length - this.longest() + 1);
    this.text += delta;
    let cut = -1;
    for (const s of this.stops) {
      const at = this.text.indexOf(s, searchFrom);
      if (at >= 0 && (cut < 0 || at < cut)) cut = at;
    }
    if (cut >= 0) {
      this.stopped = true;
      this.text = this.text.slice(0, cut);
      return this.take(this.text.length);
    }
    return this.take(this.text.length - this.heldBack());
  }

  /** The rest of the text, once generation ends without a stop. */
  flush(): string {
    return this.take(this.text.length);
  }

  /** Everything generated, up to the stop sequence. */
  get value(): string {
    return this.text;
  }

  private longest(): number {
    return this.stops.reduce((m, s) => Math.max(m, s.length), 0);
  }

  /** Length of the longest end of the text that begins some stop sequence. */
  private heldBack(): number {
    let held = 0;
    for (const s of this.stops) {
      for (let n = Math.min(s.length - 1, this.text.length); n > held; n--) {
        if (this.text.endsWith(s.slice(0, n))) {
          held = n;
          break;
        }
      }
    }
    return held;
  }

  private take(end: number): string {
    const from = this.shown;
    this.shown = Math.max(this.shown, end);
    return this.text.slice(from, this.shown);
  }
}
