import { type contract, QudaoApiError } from '@qudao/client';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { ErrorBox } from '../components/async-content.tsx';
import { Field } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import {
  guessMapping,
  IMPORT_FIELDS,
  IMPORT_KINDS,
  type ImportKind,
  type Mapping,
  mappedCsv,
  mappedRows,
  readCsv,
  rowErrors,
} from '../imports/crm-preview.ts';
import { useImportText } from '../imports/imports.messages.ts';

const PREVIEW_ROWS = 10;
type FieldKey = `field.${(typeof IMPORT_FIELDS)[ImportKind][number]}`;

/** What the import created: the rows of that kind now on the server with the file's names. */
function Imported(props: { kind: ImportKind; names: string[] }) {
  const t = useImportText();
  const list = useApiQuery(['imported', props.kind, props.names], async (client) => {
    const wanted = new Set(props.names.map((n) => n.toLowerCase()));
    if (props.kind === 'deals')
      return (await client.deals.list())
        .map((d) => d.company)
        .filter((n) => wanted.has(n.toLowerCase()));
    const rows =
      props.kind === 'partners'
        ? await client.channels.listPartners()
        : await client.channels.listCustomers();
    return rows.map((r) => r.name).filter((n) => wanted.has(n.toLowerCase()));
  });
  if (!list.data) return null;
  return (
    <section className="panel" data-testid="imported">
      <h2>{t('imported.title')}</h2>
      <ul>
        {list.data.map((name) => (
          <li key={name} data-imported={name}>
            {name}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A CRM export imported in three steps: columns mapped to fields, every row checked, written. */
export function CrmImportPage() {
  const t = useImportText();
  const [kind, setKind] = useState<ImportKind>('partners');
  const [text, setText] = useState('');
  const [file, setFile] = useState<{ header: string[]; rows: string[][] } | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const send = useApiMutation(
    (client, body: contract.ImportInput) => client.imports.crm({ body }),
    [['partners'], ['customers'], ['deals']],
  );
  const read = (csv: string, as: ImportKind) => {
    const parsed = readCsv(csv);
    setFile(parsed);
    setMapping(guessMapping(as, parsed.header));
    send.reset();
  };
  const fields = IMPORT_FIELDS[kind];
  const required = fields[0];
  const preview = file ? mappedRows(kind, mapping, file.rows) : null;
  const result = send.data;
  const problems = send.error instanceof QudaoApiError ? rowErrors(send.error.details) : [];
  const run = (dryRun: boolean) => {
    if (!file) return;
    send.mutate({ kind, csv: mappedCsv(kind, mapping, file.rows), dryRun });
  };
  const names = file
    ? file.rows.map((r) => (r[mapping[required] ?? -1] ?? '').trim()).filter(Boolean)
    : [];
  return (
    <div className="page biz" data-testid="page-crm-import">
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      <form
        className="panel form-panel"
        aria-label={t('import.title')}
        onSubmit={(e) => {
          e.preventDefault();
          read(text, kind);
        }}
      >
        <div className="form-grid">
          <Field label={t('import.kind')} name="kind">
            <select
              name="kind"
              value={kind}
              onChange={(e) => {
                const next = e.target.value as ImportKind;
                setKind(next);
                if (file) setMapping(guessMapping(next, file.header));
                send.reset();
              }}
            >
              {IMPORT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('import.file')} name="file">
            <input
              name="file"
              type="file"
              accept=".csv,text/csv"
              onChange={async (e) => {
                const chosen = e.target.files?.[0];
                if (!chosen) return;
                const content = await chosen.text();
                setText(content);
                read(content, kind);
              }}
            />
          </Field>
          <Field label={t('import.text')} name="csv">
            <textarea name="csv" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={!text.trim()}>
            {t('import.read')}
          </button>
        </div>
      </form>
      {file && preview ? (
        <>
          <section className="panel" data-testid="crm-mapping">
            <h2>{t('mapping.title')}</h2>
            <p className="muted">{t('mapping.hint')}</p>
            <div className="form-grid">
              {fields.map((field) => (
                <Field key={field} label={t(`field.${field}` as FieldKey)} name={`map-${field}`}>
                  <select
                    name={`map-${field}`}
                    value={mapping[field] === undefined ? '' : String(mapping[field])}
                    onChange={(e) => {
                      setMapping({
                        ...mapping,
                        [field]: e.target.value === '' ? undefined : Number(e.target.value),
                      });
                      send.reset();
                    }}
                  >
                    <option value="">{t('mapping.none')}</option>
                    {file.header.map((h, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a column is its place in the header (names may repeat).
                      <option key={i} value={i}>
                        {h}
                      </option>
                    ))}
                  </select>
                </Field>
              ))}
            </div>
          </section>
          <section className="panel flush" data-testid="crm-preview">
            <h2>{t('preview.title')}</h2>
            {file.rows.length === 0 ? (
              <p className="muted">{t('import.empty')}</p>
            ) : (
              <>
                <p className="muted">
                  {t('preview.more', {
                    shown: Math.min(PREVIEW_ROWS, file.rows.length),
                    total: file.rows.length,
                  })}
                </p>
                <TableWrap>
                  <table className="data-table" aria-label={t('preview.label')}>
                    <thead>
                      <tr>
                        <th className="num">{t('col.row')}</th>
                        {preview.fields.map((field) => (
                          <th key={field}>{t(`field.${field}` as FieldKey)}</th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {preview.rows.slice(0, PREVIEW_ROWS).map((r, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: a file's rows have no id but their place.
                        <tr key={i} data-row={i + 2}>
                          <td className="num">{i + 2}</td>
                          {r.map((v, j) => (
                            <td key={preview.fields[j]}>{v}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              </>
            )}
            <div className="form-actions padded">
              {mapping[required] === undefined ? (
                <p className="field-error" role="alert">
                  {t('mapping.required', { field: t(`field.${required}` as FieldKey) })}
                </p>
              ) : null}
              <button
                type="button"
                className="button"
                data-testid="import-check"
                disabled={
                  send.isPending || mapping[required] === undefined || file.rows.length === 0
                }
                onClick={() => run(true)}
              >
                {t('check')}
              </button>
              <button
                type="button"
                className="button primary"
                data-testid="import-run"
                disabled={send.isPending || !result?.dryRun}
                onClick={() => run(false)}
              >
                {t('import')}
              </button>
            </div>
            {send.error ? <ErrorBox error={send.error} /> : null}
            {problems.length > 0 ? (
              <TableWrap>
                <table
                  className="data-table"
                  data-testid="import-errors"
                  aria-label={t('errors.title')}
                >
                  <thead>
                    <tr>
                      <th className="num">{t('col.row')}</th>
                      <th>{t('col.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {problems.map((p) => (
                      <tr key={`${p.row}-${p.message}`} data-row={p.row}>
                        <td className="num">{p.row}</td>
                        <td>{p.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            ) : null}
            {result ? (
              <p
                className={result.dryRun ? 'close-result shadow' : 'close-result done'}
                role="status"
                data-testid={result.dryRun ? 'import-checked' : 'import-done'}
              >
                {t(result.dryRun ? 'check.result' : 'done.result', {
                  rows: result.rows,
                  created: result.created,
                  skipped: result.skipped,
                })}
              </p>
            ) : null}
          </section>
          {result && !result.dryRun ? <Imported kind={kind} names={names} /> : null}
        </>
      ) : null}
    </div>
  );
}
