import type { ReactNode } from 'react';

/**
 * A sentence with a name from the data inside it ("Application from {company}"), the name
 * marked as data (`data-value`), so the language checks read only the console's own words.
 */
export function WithValue(props: {
  text: (vars: Record<string, string>) => string;
  name: string;
  value: string;
}): ReactNode {
  const marker = '\u0000';
  const [before = '', after = ''] = props.text({ [props.name]: marker }).split(marker);
  return (
    <>
      {before}
      <span data-value={props.name}>{props.value}</span>
      {after}
    </>
  );
}
