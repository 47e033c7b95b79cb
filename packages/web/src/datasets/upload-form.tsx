import { contract, type DatasetVersion } from '@qudao/client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApiErrorHandler, useClient } from '../app/api-context.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { useFormat } from '../i18n/format.ts';
import { useDatasetsText } from './datasets.messages.ts';
import { type UploadProgress, xhrFetch } from './xhr-fetch.ts';

type Kind = 'table' | 'images' | 'texts';
type Task = '' | 'classification' | 'regression';

/**
 * Uploads one file as the next version of a data set, with a progress bar: the client's own
 * `uploadDataset` over an XMLHttpRequest transport, so auth and error codes stay the client's.
 */
export function UploadForm() {
  const t = useDatasetsText();
  const f = useFormat();
  const client = useClient();
  const queries = useQueryClient();
  const handleError = useApiErrorHandler();
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [type, setType] = useState<Kind>('table');
  const [label, setLabel] = useState('');
  const [task, setTask] = useState<Task>('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<DatasetVersion | null>(null);
  const busy = progress !== null;

  const submit = async () => {
    const problems: FieldErrors = {};
    const checkedName = check(contract.DatasetNameSchema, name);
    if (!checkedName.ok) problems.name = 'invalid_format';
    const options = check(contract.UploadOptionsSchema, {
      type,
      ...(type === 'table' && label.trim() ? { label: label.trim() } : {}),
      ...(type === 'table' && task ? { task } : {}),
    });
    if (!options.ok) Object.assign(problems, options.errors);
    if (!file) problems.file = 'too_small';
    setErrors(problems);
    if (Object.keys(problems).length > 0 || !file || !options.ok) return;
    setError(null);
    setDone(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const version = await client
        .withFetch(xhrFetch(setProgress))
        .uploadDataset(name, file, file.name, options.value);
      setDone(version);
      await queries.invalidateQueries({ queryKey: ['datasets'] });
      await queries.invalidateQueries({ queryKey: ['dataset', name] });
    } catch (err) {
      setError(handleError(err));
    } finally {
      setProgress(null);
    }
  };

  const ratio = progress && progress.total > 0 ? progress.sent / progress.total : 0;
  const sentAll = progress !== null && ratio >= 1;
  return (
    <FormPanel
      title={t('upload.title')}
      submit={t('upload.submit')}
      busy={busy}
      error={error}
      testId="upload-form"
      onSubmit={submit}
    >
      <Field label={t('upload.name')} name="name" errors={errors} hint={t('upload.nameHint')}>
        <input name="name" value={name} onChange={(e) => setName(e.target.value.trim())} />
      </Field>
      <Field label={t('upload.file')} name="file" errors={errors} hint={t('upload.fileHint')}>
        <input
          name="file"
          type="file"
          accept=".csv,.tsv,.jsonl,.json,.gz,.zip,.txt"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </Field>
      <Field label={t('upload.type')} name="type" errors={errors}>
        <select name="type" value={type} onChange={(e) => setType(e.target.value as Kind)}>
          <option value="table">{t('upload.type.table')}</option>
          <option value="images">{t('upload.type.images')}</option>
          <option value="texts">{t('upload.type.texts')}</option>
        </select>
      </Field>
      {type === 'table' ? (
        <>
          <Field
            label={t('upload.label')}
            name="label"
            errors={errors}
            hint={t('upload.labelHint')}
          >
            <input name="label" value={label} onChange={(e) => setLabel(e.target.value)} />
          </Field>
          <Field label={t('upload.task')} name="task" errors={errors}>
            <select name="task" value={task} onChange={(e) => setTask(e.target.value as Task)}>
              <option value="">{t('upload.task.auto')}</option>
              <option value="classification">{t('task.classification')}</option>
              <option value="regression">{t('task.regression')}</option>
            </select>
          </Field>
        </>
      ) : null}
      {progress ? (
        <div className="upload-progress" role="status" data-testid="upload-progress">
          <progress
            value={progress.sent}
            max={progress.total || 1}
            aria-label={t('upload.progress')}
          />
          <span className="muted small">
            {sentAll
              ? t('upload.importing')
              : t('upload.sending', { percent: f.percent(ratio, 0) })}
          </span>
        </div>
      ) : null}
      {done ? (
        <p className="ok-note" role="status" data-testid="upload-done">
          {t('upload.done', {
            ref: `${done.dataset}@${done.version}`,
            rows: f.integer(done.rowCount),
          })}{' '}
          <Link to={`/datasets/${encodeURIComponent(done.dataset)}?version=${done.version}`}>
            {t('upload.open')}
          </Link>
        </p>
      ) : null}
    </FormPanel>
  );
}
