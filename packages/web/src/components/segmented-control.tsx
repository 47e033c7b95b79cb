export interface SegmentOption<T extends string> {
  value: T;
  label: string;
}

/** A row of mutually exclusive buttons, e.g. the usage grouping. */
export function SegmentedControl<T extends string>(props: {
  options: SegmentOption<T>[];
  value: T;
  onChange: (value: T) => void;
  label: string;
  testId?: string;
}) {
  return (
    <fieldset className="segmented" aria-label={props.label} data-testid={props.testId}>
      {props.options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={option.value === props.value}
          className={option.value === props.value ? 'segment selected' : 'segment'}
          data-value={option.value}
          onClick={() => props.onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </fieldset>
  );
}
