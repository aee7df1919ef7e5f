import { useId } from 'react';
import { useT } from '../../../lib/i18n.tsx';
import type { ConsentInput } from '../api/fieldwork.ts';

export const CONSENT_METHODS = ['Tanda tangan di formulir', 'Cap jempol di formulir', 'Lisan, disaksikan petugas', 'Formulir elektronik'];

/** Purpose, legal basis and method of a consent (UU 27/2022 Pasal 22: explicit, with its purpose). */
export function ConsentFields({ value, onChange }: { value: ConsentInput; onChange: (c: ConsentInput) => void }) {
  const { t } = useT();
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-purpose`}>{t('worker.consent.purpose')}</label>
        <textarea id={`${id}-purpose`} rows={2} required value={value.purpose} onChange={(e) => onChange({ ...value, purpose: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-basis`}>{t('worker.consent.legalBasis')}</label>
        <input id={`${id}-basis`} required value={value.legalBasis} onChange={(e) => onChange({ ...value, legalBasis: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-method`}>{t('worker.consent.method')}</label>
        <select id={`${id}-method`} value={value.method} onChange={(e) => onChange({ ...value, method: e.target.value })}>
          {CONSENT_METHODS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
