import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { RowProblems } from '../../../components/row-problems.tsx';
import { formatNumber, formatPercent } from '../../../lib/format.ts';
import { useT } from '../../../lib/i18n.tsx';
import { useDeleteTarget, useFigures, useImportFigures, useSetFigure, useSetTarget, useTargets, useUploadBoundaries, type FigureRow, type TargetRow } from '../api/indicators.ts';

const toNumber = (s: string) => (s.trim() === '' ? null : Number(s.replace(/\./g, '').replace(',', '.')));

function Targets({ regionCode, canManage }: { regionCode: string; canManage: boolean }) {
  const { t } = useT();
  const targets = useTargets(regionCode);
  const setTarget = useSetTarget(regionCode);
  const remove = useDeleteTarget(regionCode);
  const [draft, setDraft] = useState({ year: String(new Date().getFullYear()), indicator: 'ucj' as TargetRow['indicator'], regionCode: '', percent: '', participants: '', basis: '' });
  const ids = { year: useId(), indicator: useId(), region: useId(), percent: useId(), participants: useId(), basis: useId() };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTarget.mutate({ year: Number(draft.year), indicator: draft.indicator, regionCode: draft.regionCode.trim(), percent: toNumber(draft.percent), participants: toNumber(draft.participants), basis: draft.basis.trim() || null });
  };
  return (
    <section className="card">
      <h2>{t('targets.title')}</h2>
      {targets.error && <ErrorNotice error={targets.error} />}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('targets.year')}</th>
              <th scope="col">{t('targets.indicator')}</th>
              <th scope="col">{t('targets.region')}</th>
              <th scope="col" className="num">
                {t('targets.percent')}
              </th>
              <th scope="col" className="num">
                {t('targets.participants')}
              </th>
              <th scope="col">{t('targets.basis')}</th>
              {canManage && <th scope="col" />}
            </tr>
          </thead>
          <tbody>
            {targets.data?.items.map((x) => (
              <tr key={x.id}>
                <td>{x.year}</td>
                <td>{t(`targets.indicator.${x.indicator}`)}</td>
                <td>{x.regionCode || t('targets.region.all')}</td>
                <td className="num">{x.percent === null ? '–' : formatPercent(x.percent, 0)}</td>
                <td className="num">{x.participants === null ? '–' : formatNumber(x.participants)}</td>
                <td>{x.basis}</td>
                {canManage && (
                  <td>
                    <button type="button" className="button button-secondary button-small" onClick={() => remove.mutate(x.id)}>
                      {t('targets.delete')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canManage && (
        <form className="form" onSubmit={submit} aria-label={t('targets.set')}>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.year}>{t('targets.year')}</label>
              <input id={ids.year} inputMode="numeric" required value={draft.year} onChange={(e) => setDraft({ ...draft, year: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={ids.indicator}>{t('targets.indicator')}</label>
              <select id={ids.indicator} value={draft.indicator} onChange={(e) => setDraft({ ...draft, indicator: e.target.value as TargetRow['indicator'] })}>
                <option value="ucj">{t('targets.indicator.ucj')}</option>
                <option value="bpu">{t('targets.indicator.bpu')}</option>
                <option value="kampung">{t('targets.indicator.kampung')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.region}>{t('targets.region')}</label>
              <input id={ids.region} placeholder={t('targets.region.all')} value={draft.regionCode} onChange={(e) => setDraft({ ...draft, regionCode: e.target.value })} />
            </div>
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.percent}>{t('targets.percent')}</label>
              <input id={ids.percent} inputMode="decimal" value={draft.percent} onChange={(e) => setDraft({ ...draft, percent: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={ids.participants}>{t('targets.participants')}</label>
              <input id={ids.participants} inputMode="numeric" value={draft.participants} onChange={(e) => setDraft({ ...draft, participants: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={ids.basis}>{t('targets.basis')}</label>
              <input id={ids.basis} value={draft.basis} onChange={(e) => setDraft({ ...draft, basis: e.target.value })} />
            </div>
          </div>
          <button type="submit" className="button" disabled={setTarget.isPending}>
            {t('targets.set')}
          </button>
          {setTarget.error && <ErrorNotice error={setTarget.error} />}
        </form>
      )}
    </section>
  );
}

function FigureImport({ regionCode, kinds }: { regionCode: string; kinds: FigureRow['kind'][] }) {
  const { t, num } = useT();
  const importFigures = useImportFigures(regionCode);
  const [kind, setKind] = useState<FigureRow['kind']>(kinds[0]!);
  const [source, setSource] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const ids = { kind: useId(), source: useId(), file: useId() };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) importFigures.mutate({ kind, file, source });
  };
  return (
    <form className="form" onSubmit={submit} aria-label={t('figures.import')}>
      <h3>{t('figures.import')}</h3>
      <p className="hint">{t('figures.import.hint')}</p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.kind}>{t('figures.kind')}</label>
          <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as FigureRow['kind'])}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`figures.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.source}>{t('figures.source')}</label>
          <input id={ids.source} required value={source} onChange={(e) => setSource(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.file}>{t('figures.file')}</label>
          <input id={ids.file} type="file" accept=".csv,.xlsx,.txt" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
      </div>
      <button type="submit" className="button" disabled={importFigures.isPending || !file}>
        {t('figures.import.run')}
      </button>
      <RowProblems error={importFigures.error} label={t('figures.import')} />
      {importFigures.data && (
        <p className="notice notice-success" role="status">
          {t('figures.import.done', { rows: num(importFigures.data.rows), periods: importFigures.data.periods.join(', ') })}
        </p>
      )}
    </form>
  );
}

function FigureEntry({ regionCode, kinds }: { regionCode: string; kinds: FigureRow['kind'][] }) {
  const { t } = useT();
  const setFigure = useSetFigure(regionCode);
  const [draft, setDraft] = useState({ kind: kinds[0]!, period: '', regionCode, total: '', formal: '', informal: '', source: '' });
  const ids = { kind: useId(), period: useId(), region: useId(), total: useId(), formal: useId(), informal: useId(), source: useId() };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFigure.mutate({ kind: draft.kind, period: draft.period.trim(), regionCode: draft.regionCode.trim(), total: toNumber(draft.total) ?? 0, formal: toNumber(draft.formal), informal: toNumber(draft.informal), source: draft.source.trim() });
  };
  const field = (key: 'period' | 'region' | 'total' | 'formal' | 'informal' | 'source', prop: keyof typeof draft, label: string, numeric = false) => (
    <div className="field">
      <label htmlFor={ids[key]}>{label}</label>
      <input id={ids[key]} inputMode={numeric ? 'numeric' : undefined} value={String(draft[prop])} onChange={(e) => setDraft({ ...draft, [prop]: e.target.value })} />
    </div>
  );
  return (
    <form className="form" onSubmit={submit} aria-label={t('figures.enter')}>
      <h3>{t('figures.enter')}</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.kind}>{t('figures.kind')}</label>
          <select id={ids.kind} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as FigureRow['kind'] })}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`figures.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        {field('period', 'period', draft.kind === 'workforce' ? t('figures.year') : t('figures.month'))}
        {field('region', 'regionCode', t('figures.region'))}
      </div>
      <div className="field-row">
        {field('total', 'total', t('figures.total'), true)}
        {field('formal', 'formal', t('figures.formal'), true)}
        {field('informal', 'informal', draft.kind === 'workforce' ? t('figures.informal') : t('figures.bpu'), true)}
        {field('source', 'source', t('figures.source'))}
      </div>
      <button type="submit" className="button" disabled={setFigure.isPending}>
        {t('figures.save')}
      </button>
      {setFigure.error && <ErrorNotice error={setFigure.error} />}
    </form>
  );
}

function Boundaries({ regionCode }: { regionCode: string }) {
  const { t, num } = useT();
  const upload = useUploadBoundaries(regionCode);
  const id = useId();
  return (
    <form
      className="form"
      aria-label={t('boundaries.title')}
      onSubmit={(e) => {
        e.preventDefault();
        const file = (e.currentTarget.elements.namedItem('geojson') as HTMLInputElement).files?.[0];
        if (file) upload.mutate(file);
      }}
    >
      <h3>{t('boundaries.title')}</h3>
      <p className="hint">{t('boundaries.hint')}</p>
      <div className="field">
        <label htmlFor={id}>{t('boundaries.file')}</label>
        <input id={id} name="geojson" type="file" accept=".geojson,.json" required />
      </div>
      <button type="submit" className="button" disabled={upload.isPending}>
        {t('boundaries.upload')}
      </button>
      <RowProblems error={upload.error} label={t('boundaries.title')} />
      {upload.data && (
        <p className="notice notice-success" role="status">
          {t('boundaries.done', { features: num(upload.data.features) })}
        </p>
      )}
    </form>
  );
}

/**
 * The figures behind the dashboard: targets, workforce (admins) and BPJS TK participants (admins
 * and insurer officers), and the map's boundaries.
 */
export function FiguresAdmin({ regionCode, canManage, canImportParticipants }: { regionCode: string; canManage: boolean; canImportParticipants: boolean }) {
  const { t } = useT();
  const kinds: FigureRow['kind'][] = [...(canManage ? (['workforce'] as const) : []), ...(canImportParticipants ? (['participants'] as const) : [])];
  const figures = useFigures(regionCode, kinds.length > 0);
  return (
    <>
      <Targets regionCode={regionCode} canManage={canManage} />
      {kinds.length > 0 && (
        <section className="card">
          <h2>{t('figures.title')}</h2>
          <p className="hint">{t('figures.intro')}</p>
          <FigureImport regionCode={regionCode} kinds={kinds} />
          <FigureEntry regionCode={regionCode} kinds={kinds} />
          <details>
            <summary>{t('figures.list', { n: figures.data?.items.length ?? 0 })}</summary>
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('figures.kind')}</th>
                    <th scope="col">{t('figures.period')}</th>
                    <th scope="col">{t('figures.region')}</th>
                    <th scope="col" className="num">
                      {t('figures.total')}
                    </th>
                    <th scope="col" className="num">
                      {t('figures.formal')}
                    </th>
                    <th scope="col" className="num">
                      {t('figures.informal')}
                    </th>
                    <th scope="col">{t('figures.source')}</th>
                  </tr>
                </thead>
                <tbody>
                  {figures.data?.items.map((f) => (
                    <tr key={`${f.kind}|${f.period}|${f.regionCode}`}>
                      <td>{t(`figures.kind.${f.kind}`)}</td>
                      <td>{f.period}</td>
                      <td>{f.regionCode}</td>
                      <td className="num">{formatNumber(f.total)}</td>
                      <td className="num">{f.formal === null ? '–' : formatNumber(f.formal)}</td>
                      <td className="num">{f.informal === null ? '–' : formatNumber(f.informal)}</td>
                      <td>{f.source}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
          {canManage && <Boundaries regionCode={regionCode} />}
        </section>
      )}
    </>
  );
}
