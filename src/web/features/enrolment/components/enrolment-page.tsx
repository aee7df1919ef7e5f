import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { RowProblems } from '../../../components/row-problems.tsx';
import { LayoutEditor } from './layout-editor.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { batchFileUrl, useBatches, useCreateBatch, useUploadResults, type Batch } from '../api/enrolment.ts';

function ResultsForm({ regionCode, batch }: { regionCode: string; batch: Batch }) {
  const { t, num } = useT();
  const upload = useUploadResults(regionCode);
  const [file, setFile] = useState<File | null>(null);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate({ batchId: batch.id, file });
  };
  return (
    <form className="form results-form" onSubmit={submit} aria-label={t('enrolment.resultsFor', { id: batch.id })}>
      <div className="field">
        <label htmlFor={id}>{t('enrolment.resultsFile')}</label>
        <input id={id} type="file" accept=".csv,.txt,.xlsx" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <button type="submit" className="button" disabled={!file || upload.isPending}>
        {t('enrolment.upload')}
      </button>
      {upload.data && (
        <p className="notice notice-success" role="status">
          {t('enrolment.applied', { accepted: num(upload.data.accepted), declined: num(upload.data.declined), unchanged: num(upload.data.unchanged), pending: num(upload.data.pending) })}
        </p>
      )}
      {upload.isError && <ErrorNotice error={upload.error} />}
      <RowProblems error={upload.error} label={t('enrolment.problems')} />
    </form>
  );
}

/**
 * Enrolment with BPJS TK: the admin puts approved placements into a batch; the insurer officer (or
 * the admin) downloads the batch file, registers the workers, and uploads the results.
 */
export function EnrolmentPage({ regionCode, canCreate }: { regionCode: string; canCreate: boolean }) {
  const { t, num, dateTime } = useT();
  useDocumentTitle(t('enrolment.title'));
  const batches = useBatches(regionCode);
  const create = useCreateBatch(regionCode);
  return (
    <>
      <header className="page-header">
        <h1>{t('enrolment.title')}</h1>
        <p className="page-sub">{t('enrolment.intro')}</p>
      </header>
      {canCreate && <LayoutEditor regionCode={regionCode} />}
      {canCreate && (
        <section className="card" aria-labelledby="new-batch">
          <h2 id="new-batch">{t('enrolment.newBatch')}</h2>
          <button type="button" className="button" disabled={create.isPending} onClick={() => create.mutate()}>
            {t('enrolment.create')}
          </button>
          {create.isError && <ErrorNotice error={create.error} />}
          {create.data && (
            <p className="notice notice-success" role="status">
              {t('enrolment.created', { id: create.data.batch.id, n: num(create.data.batch.placements) })}
            </p>
          )}
        </section>
      )}
      <section className="section" aria-labelledby="batches-title">
        <h2 id="batches-title">{t('enrolment.batches')}</h2>
        {batches.isPending && <Loading label={t('common.loading')} />}
        {batches.isError && <ErrorNotice error={batches.error} onRetry={() => void batches.refetch()} />}
        {batches.data?.items.length === 0 && <p>{t('enrolment.none')}</p>}
        <ul className="batch-list">
          {batches.data?.items.map((b) => (
            <li key={b.id} className="card batch">
              <h3>{t('enrolment.batch', { id: b.id })}</h3>
              <p>
                {t('enrolment.batchSummary', { n: num(b.placements), at: dateTime(b.createdAt), accepted: num(b.accepted), declined: num(b.declined), pending: num(b.pending) })}
              </p>
              <p className="batch-downloads">
                <a className="button button-secondary" href={batchFileUrl(b.id, 'xlsx')} download>
                  {t('enrolment.downloadXlsx')}
                </a>{' '}
                <a className="button button-ghost" href={batchFileUrl(b.id, 'csv')} download>
                  {t('enrolment.downloadCsv')}
                </a>
              </p>
              <p className="muted">{t('enrolment.wholeNik')}</p>
              <ResultsForm regionCode={regionCode} batch={b} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
