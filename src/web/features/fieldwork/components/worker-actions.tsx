import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import type { Consent, Worker } from '../../registry/api/get-worker.ts';
import { CONSENT_DEFAULTS, useCorrectWorker, useRecordConsent, useReveal, useSetLifeStatus, useWithdrawConsent, type ConsentInput, type LifeStatus } from '../api/fieldwork.ts';
import { ConsentFields } from './consent-fields.tsx';
import { toInput, WorkerFields, type FieldValues } from './worker-fields.tsx';

function RevealIdentity({ workerId }: { workerId: number }) {
  const { t } = useT();
  const reveal = useReveal(workerId);
  const [reason, setReason] = useState('');
  const id = useId();
  if (reveal.data) {
    return (
      <div className="notice notice-warning" role="status">
        <p className="notice-title">{t('reveal.shown')}</p>
        <p>
          NIK: <code>{reveal.data.nik}</code>
          {reveal.data.phone && (
            <>
              {' · '}
              {t('form.phone')}: <code>{reveal.data.phone}</code>
            </>
          )}
        </p>
        <button type="button" className="button button-secondary" onClick={() => reveal.reset()}>
          {t('reveal.hide')}
        </button>
      </div>
    );
  }
  return (
    <details className="action">
      <summary>{t('reveal.title')}</summary>
      <form
        className="form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          reveal.mutate(reason);
        }}
      >
        <div className="field">
          <label htmlFor={id}>{t('reveal.reason')}</label>
          <input id={id} required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          <p className="hint">{t('reveal.hint')}</p>
        </div>
        {reveal.isError && <ErrorNotice error={reveal.error} />}
        <button type="submit" className="button button-secondary" disabled={reveal.isPending}>
          {t('reveal.submit')}
        </button>
      </form>
    </details>
  );
}

function CorrectForm({ regionCode, worker }: { regionCode: string; worker: Worker }) {
  const { t, tDynamic } = useT();
  const correct = useCorrectWorker(worker.id);
  const initial: FieldValues = {
    name: worker.name,
    birthDate: worker.birthDate ?? '',
    sex: worker.sex ?? '',
    kelurahanCode: worker.kelurahanCode ?? '',
    rt: worker.rt ?? '',
    rw: worker.rw ?? '',
    street: worker.street ?? '',
    occupationCode: worker.occupationCode ?? '',
    phone: '',
    desil: worker.desil === null ? '' : String(worker.desil),
  };
  const [value, setValue] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = toInput(value);
    // The phone is masked on screen: an empty box leaves it as it is.
    const { phone, ...rest } = input;
    correct.mutate(phone === null ? rest : input);
  };
  return (
    <details className="action">
      <summary>{t('correct.title')}</summary>
      <form className="form" onSubmit={submit}>
        <WorkerFields regionCode={regionCode} value={value} onChange={setValue} />
        <p className="hint">{t('correct.phoneHint')}</p>
        {correct.isError && <ErrorNotice error={correct.error} />}
        {correct.isSuccess && (
          <p className="notice notice-success" role="status">
            {correct.data.changed.length === 0 ? t('correct.nothing') : t('correct.done', { fields: correct.data.changed.map((f) => tDynamic(`field.${f}`, f)).join(', ') })}
          </p>
        )}
        <button type="submit" className="button" disabled={correct.isPending}>
          {t('correct.submit')}
        </button>
      </form>
    </details>
  );
}

function ConsentActions({ workerId, consents }: { workerId: number; consents: Consent[] }) {
  const { t } = useT();
  const record = useRecordConsent(workerId);
  const withdraw = useWithdrawConsent();
  const [consent, setConsent] = useState<ConsentInput>(CONSENT_DEFAULTS);
  const live = consents.filter((c) => !c.withdrawnAt);
  return (
    <details className="action">
      <summary>{t('consent.manage')}</summary>
      <form
        className="form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          record.mutate(consent);
        }}
      >
        <ConsentFields value={consent} onChange={setConsent} />
        {record.isError && <ErrorNotice error={record.error} />}
        <button type="submit" className="button" disabled={record.isPending}>
          {t('consent.record')}
        </button>
      </form>
      {live.map((c) => (
        <p key={c.id}>
          <button type="button" className="button button-ghost" disabled={withdraw.isPending} onClick={() => withdraw.mutate({ consentId: c.id, reason: '' })}>
            {t('consent.withdraw', { purpose: c.purpose.slice(0, 40) })}
          </button>
        </p>
      ))}
      {withdraw.isError && <ErrorNotice error={withdraw.error} />}
    </details>
  );
}

function LifeStatusForm({ workerId, current }: { workerId: number; current: LifeStatus }) {
  const { t } = useT();
  const set = useSetLifeStatus(workerId);
  const [status, setStatus] = useState<LifeStatus>(current === 'active' ? 'deceased' : 'active');
  const [date, setDate] = useState('');
  const [note, setNote] = useState('');
  const id = useId();
  return (
    <details className="action">
      <summary>{t('life.title')}</summary>
      <form
        className="form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          set.mutate({ status, date: date || null, note: note || null });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-s`}>{t('life.status')}</label>
          <select id={`${id}-s`} value={status} onChange={(e) => setStatus(e.target.value as LifeStatus)}>
            <option value="deceased">{t('life.deceased')}</option>
            <option value="moved_away">{t('life.moved_away')}</option>
            <option value="active">{t('life.active')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-d`}>{t('life.date')}</label>
          <input id={`${id}-d`} type="date" value={date} required={status !== 'active'} onChange={(e) => setDate(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-n`}>{t('life.note')}</label>
          <input id={`${id}-n`} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        {set.isError && <ErrorNotice error={set.error} />}
        {set.isSuccess && (
          <p className="notice notice-success" role="status">
            {t('life.saved')}
          </p>
        )}
        <button type="submit" className="button" disabled={set.isPending}>
          {t('life.submit')}
        </button>
      </form>
    </details>
  );
}

/** What staff can do to one record, by role: reveal the NIK, correct, consent, death or move. */
export function WorkerActions({
  regionCode,
  worker,
  consents,
  lifeStatus,
  canWrite,
  canReveal,
}: {
  regionCode: string;
  worker: Worker;
  consents: Consent[];
  lifeStatus: LifeStatus;
  canWrite: boolean;
  canReveal: boolean;
}) {
  const { t } = useT();
  if (!canWrite && !canReveal) return null;
  return (
    <section className="section worker-actions" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('worker.actions')}</h2>
      {canReveal && <RevealIdentity workerId={worker.id} />}
      {canWrite && <CorrectForm regionCode={regionCode} worker={worker} />}
      {canWrite && <ConsentActions workerId={worker.id} consents={consents} />}
      {canWrite && <LifeStatusForm workerId={worker.id} current={lifeStatus} />}
    </section>
  );
}
