import type { contract } from '@qudao/client';
import { useState } from 'react';
import { useApiQuery } from '../app/query.ts';
import { AsyncContent } from '../components/async-content.tsx';
import { PixelImage } from '../components/pixel-image.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { type DatasetsKey, useDatasetsText } from './datasets.messages.ts';

type Rows = contract.DatasetRowsView;
type Row = Rows['rows'][number];
const PAGE = 24;

/** One image row drawn at its own size (scaled up by CSS, pixels kept sharp). */
function ImageRow(props: { row: Row; label: string }) {
  const { content } = props.row;
  if (content.kind !== 'image') return null;
  const [height, width, channels] = content.shape;
  return (
    <figure className="row-image" data-row={props.row.row}>
      <PixelImage
        height={height}
        width={width}
        channels={channels}
        pixels={content.pixels}
        label={props.label}
      />
      <figcaption>
        <span data-value>{props.row.label ?? '–'}</span>
      </figcaption>
    </figure>
  );
}

/** A stored float32 as the file had it: seven significant digits (5.1, not 5.099999904632568). */
function useFloat32() {
  const { locale } = useI18n();
  return (value: number) =>
    Number(value.toPrecision(7)).toLocaleString(locale, { maximumFractionDigits: 6 });
}

function RowsView({ rows }: { rows: Rows }) {
  const t = useDatasetsText();
  const float = useFloat32();
  const label = (row: Row) =>
    row.label ?? (row.value === null ? t('rows.unlabelled') : float(row.value));
  const first = rows.rows[0]?.content;
  if (first?.kind === 'image') {
    return (
      <div className="row-images" data-testid="row-images">
        {rows.rows.map((row) => (
          <ImageRow
            key={row.row}
            row={row}
            label={t('rows.image', { row: row.row, label: label(row) })}
          />
        ))}
      </div>
    );
  }
  const columns = first?.kind === 'tabular' ? Object.keys(first.values) : [];
  return (
    <TableWrap>
      <table className="data-table compact" data-testid="row-table">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>{t('col.split')}</th>
            <th>{t('rows.label')}</th>
            {first?.kind === 'text' ? <th>{t('schema.text')}</th> : null}
            {columns.map((c) => (
              <th key={c} className="num">
                <code>{c}</code>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.rows.map((row) => (
            <tr key={row.row} data-row={row.row}>
              <td className="num">{row.row + 1}</td>
              <td className="nowrap">{t(`split.${row.split}` as DatasetsKey)}</td>
              <td className="strong nowrap">{label(row)}</td>
              {row.content.kind === 'text' ? (
                <td className="row-text" title={row.content.text}>
                  {row.content.text}
                </td>
              ) : null}
              {row.content.kind === 'tabular'
                ? columns.map((c) => (
                    <td key={c} className="num">
                      {float((row.content as { values: Record<string, number> }).values[c]!)}
                    </td>
                  ))
                : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The version's rows a page at a time: images as pictures, texts and tables as rows. */
export function RowPreview(props: { dataset: string; version: number; total: number }) {
  const t = useDatasetsText();
  const f = useFormat();
  const [offset, setOffset] = useState(0);
  const rows = useApiQuery(['dataset-rows', props.dataset, props.version, offset], (client) =>
    client.data.rows({
      params: { name: props.dataset, version: props.version },
      query: { offset, limit: PAGE },
    }),
  );
  const shown = rows.data?.rows.length ?? 0;
  return (
    <section className="panel" data-testid="row-preview">
      <div className="panel-head">
        <h2>{t('rows.title')}</h2>
        <div className="button-row">
          <span className="muted small">
            {t('rows.range', {
              from: f.integer(props.total === 0 ? 0 : offset + 1),
              to: f.integer(offset + shown),
              total: f.integer(props.total),
            })}
          </span>
          <button
            type="button"
            className="button small"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            {t('rows.previous')}
          </button>
          <button
            type="button"
            className="button small"
            disabled={offset + shown >= props.total}
            onClick={() => setOffset(offset + Math.max(shown, 1))}
          >
            {t('rows.next')}
          </button>
        </div>
      </div>
      <AsyncContent state={rows}>{(data) => <RowsView rows={data} />}</AsyncContent>
    </section>
  );
}
