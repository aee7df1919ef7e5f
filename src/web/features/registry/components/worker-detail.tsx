import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { isWorkerId, useWorker, type Worker, type WorkerDetailResponse } from '../api/get-worker.ts';
import { ConsentList } from './consent-list.tsx';
import { CoverageBadge } from './coverage-badge.tsx';
import { HistoryTable } from './history-table.tsx';
import { ProvenanceTable } from './provenance-table.tsx';
import { useFieldDisplay } from './use-field-display.ts';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function WorkerFacts({ worker, regionCode }: { worker: Worker; regionCode: string }) {
  const { t, lang, num, date, dateTime } = useT();
  const display = useFieldDisplay(regionCode);
  const empty = t('common.empty');
  const rtRw = worker.rt || worker.rw ? `${worker.rt ?? '—'}/${worker.rw ?? '—'}` : null;
  const occupationName = lang === 'en' ? worker.occupationNameEn : worker.occupationNameId;
  const occupation = occupationName ?? worker.occupationCode;
  const showText = worker.occupationText && worker.occupationText !== occupationName;
  return (
    <section className="section" aria-labelledby="facts-title">
      <h2 id="facts-title">{t('worker.identity')}</h2>
      <dl className="facts">
        <Fact label={t('field.nik')}>
          <span className="nik">{worker.nik}</span>
        </Fact>
        <Fact label={t('field.name')}>{worker.name}</Fact>
        <Fact label={t('field.birth_date')}>{worker.birthDate ? date(worker.birthDate) : empty}</Fact>
        <Fact label={t('field.sex')}>{display.value('sex', worker.sex)}</Fact>
        <Fact label={t('field.kelurahan_code')}>{worker.kelurahanName ?? worker.kelurahanCode ?? empty}</Fact>
        <Fact label={t('worker.kecamatan')}>{worker.kecamatanName ?? empty}</Fact>
        <Fact label={t('worker.address')}>{worker.street ?? empty}</Fact>
        <Fact label={t('worker.rtrw')}>{rtRw ?? empty}</Fact>
        <Fact label={t('field.occupation')}>
          {occupation ?? empty}
          {showText && <span className="cell-sub">“{worker.occupationText}”</span>}
        </Fact>
        <Fact label={t('field.phone')}>{worker.phone ?? empty}</Fact>
        <Fact label={t('field.desil')}>{worker.desil === null ? empty : num(worker.desil)}</Fact>
        <Fact label={t('field.kk_number')}>
          <span className="nik">{worker.kkNumber ?? empty}</span>
        </Fact>
        <Fact label={t('field.kpj_number')}>{worker.kpjNumber ?? empty}</Fact>
        <Fact label={t('field.bpjs_status')}>{worker.bpjsStatus ?? empty}</Fact>
        <Fact label={t('field.coverage_status')}>
          <CoverageBadge status={worker.coverageStatus} />
        </Fact>
        <Fact label={t('worker.created')}>{dateTime(worker.createdAt)}</Fact>
        <Fact label={t('worker.updated')}>{dateTime(worker.updatedAt)}</Fact>
      </dl>
    </section>
  );
}

/** One worker: data, warnings, where each field came from, change history and consent. */
/** The worker's page; `actions` adds what the viewer may do to the record (composed by the app). */
export function WorkerDetail({ regionCode, workerId, actions }: { regionCode: string; workerId: string; actions?: (data: WorkerDetailResponse) => ReactNode }) {
  const { t, pick } = useT();
  const query = useWorker(workerId);
  const display = useFieldDisplay(regionCode);
  const data = query.data;
  useDocumentTitle(data ? data.worker.name : t('worker.title'));

  return (
    <article className="worker-detail">
      <p className="back-link">
        <Link to={paths.registry(regionCode)}>
          <span aria-hidden="true">← </span>
          {t('worker.back')}
        </Link>
      </p>
      {!isWorkerId(workerId) ? (
        <p className="notice notice-warning" role="alert">
          {t('worker.notFound')}
        </p>
      ) : (
        query.isPending && <Loading />
      )}
      {query.isError && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {data && (
        <>
          <header className="page-header">
            <h1>{data.worker.name}</h1>
            <p className="page-sub">
              <span className="nik">{data.worker.nik}</span> <CoverageBadge status={data.worker.coverageStatus} />
            </p>
          </header>

          {data.worker.warnings.length > 0 && (
            <section className="notice notice-warning" aria-labelledby="warnings-title">
              <h2 id="warnings-title" className="notice-title">
                <span aria-hidden="true">⚠ </span>
                {t('worker.warnings')}
              </h2>
              <ul className="warning-list">
                {data.worker.warnings.map((w) => (
                  <li key={w.code} data-code={w.code}>
                    {pick(w)}
                  </li>
                ))}
              </ul>
              <p className="hint">{t('worker.warningsHint')}</p>
            </section>
          )}

          <WorkerFacts worker={data.worker} regionCode={regionCode} />
          <ProvenanceTable fields={data.fields} display={display} />
          <HistoryTable history={data.history} display={display} />
          <ConsentList consents={data.consents} />
          {actions?.(data)}
        </>
      )}
    </article>
  );
}
