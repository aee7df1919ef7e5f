import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { formatMonth, formatNumber, formatRupiah } from '../../../lib/format.ts';
import { useT } from '../../../lib/i18n.tsx';
import { useSimulate } from '../api/indicators.ts';

const endOfYear = () => `${new Date().getFullYear()}-12`;

/** "How many more workers, and how many rupiah a month, to reach the target by a chosen month?" */
export function Simulator({ regionCode }: { regionCode: string }) {
  const { t, lang } = useT();
  const simulate = useSimulate(regionCode);
  const [by, setBy] = useState(endOfYear);
  const [mode, setMode] = useState<'target' | 'participants' | 'percent'>('target');
  const [value, setValue] = useState('');
  const ids = { by: useId(), mode: useId(), value: useId(), heading: useId() };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(value.replace(/\./g, '').replace(',', '.'));
    simulate.mutate({ by, ...(mode === 'participants' ? { targetParticipants: n } : mode === 'percent' ? { targetPercent: n } : {}) });
  };
  const s = simulate.data;
  return (
    <section className="card" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{t('sim.title')}</h2>
      <p className="hint">{t('sim.intro')}</p>
      <form className="form" onSubmit={submit}>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.by}>{t('sim.by')}</label>
            <input id={ids.by} type="month" value={by} required onChange={(e) => setBy(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.mode}>{t('sim.mode')}</label>
            <select id={ids.mode} value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
              <option value="target">{t('sim.mode.target')}</option>
              <option value="participants">{t('sim.mode.participants')}</option>
              <option value="percent">{t('sim.mode.percent')}</option>
            </select>
          </div>
          {mode !== 'target' && (
            <div className="field">
              <label htmlFor={ids.value}>{mode === 'percent' ? t('sim.value.percent') : t('sim.value.participants')}</label>
              <input id={ids.value} inputMode="decimal" required value={value} onChange={(e) => setValue(e.target.value)} />
            </div>
          )}
        </div>
        <button type="submit" className="button" disabled={simulate.isPending}>
          {t('sim.run')}
        </button>
      </form>
      {simulate.error && <ErrorNotice error={simulate.error} />}
      {s && (
        <div className="sim-result" role="status" data-testid="simulation">
          <p className="sim-answer">
            {t('sim.answer', { workers: formatNumber(s.workers), monthly: formatRupiah(s.monthlyBase), per: formatRupiah(s.basePerWorker) })}
          </p>
          <dl className="facts">
            <div className="fact">
              <dt>{t('sim.current')}</dt>
              <dd>{t('sim.current.value', { current: formatNumber(s.current), month: formatMonth(s.currentPeriod, lang) })}</dd>
            </div>
            <div className="fact">
              <dt>{t('sim.target')}</dt>
              <dd>{formatNumber(s.target)}</dd>
            </div>
            {s.payablePerWorker !== s.basePerWorker && (
              <div className="fact">
                <dt>{t('sim.payable')}</dt>
                <dd>{t('sim.payable.value', { monthly: formatRupiah(s.monthlyPayable), per: formatRupiah(s.payablePerWorker), month: formatMonth(s.priceMonth, lang) })}</dd>
              </div>
            )}
            <div className="fact">
              <dt>{t('sim.ramp')}</dt>
              <dd>{t('sim.ramp.value', { perMonth: formatNumber(s.perMonth), months: s.months, total: formatRupiah(s.rampBase) })}</dd>
            </div>
          </dl>
        </div>
      )}
    </section>
  );
}
