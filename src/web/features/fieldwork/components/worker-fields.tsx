import { useId } from 'react';
import { useT } from '../../../lib/i18n.tsx';
import { useOccupations } from '../../../lib/occupations.ts';
import { useRegions } from '../../registry/api/get-regions.ts';

/** The editable fields of a worker, as strings in the form; '' means empty. */
export interface FieldValues {
  name: string;
  birthDate: string;
  sex: '' | 'L' | 'P';
  kelurahanCode: string;
  rt: string;
  rw: string;
  street: string;
  occupationCode: string;
  phone: string;
  desil: string;
}

export const EMPTY_FIELDS: FieldValues = { name: '', birthDate: '', sex: '', kelurahanCode: '', rt: '', rw: '', street: '', occupationCode: '', phone: '', desil: '' };

/** Form values to the API's shape: empty strings become null. */
export function toInput(v: FieldValues) {
  const n = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    name: v.name.trim(),
    birthDate: n(v.birthDate),
    sex: v.sex === '' ? null : v.sex,
    kelurahanCode: n(v.kelurahanCode),
    rt: n(v.rt),
    rw: n(v.rw),
    street: n(v.street),
    occupationCode: n(v.occupationCode),
    phone: n(v.phone),
    desil: v.desil === '' ? null : Number(v.desil),
  };
}

/** Phone-sized: one column, large targets, the keyboard each field needs. */
export function WorkerFields({
  regionCode,
  value,
  onChange,
  kelurahanChoices,
}: {
  regionCode: string;
  value: FieldValues;
  onChange: (v: FieldValues) => void;
  /** A field agent's kelurahan; undefined: all of the program's. */
  kelurahanChoices?: string[] | undefined;
}) {
  const { t, lang } = useT();
  const regions = useRegions(regionCode);
  const occupations = useOccupations();
  const id = useId();
  const set = <K extends keyof FieldValues>(k: K) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value as FieldValues[K] });
  const allowed = kelurahanChoices ? new Set(kelurahanChoices) : null;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('form.name')}</label>
        <input id={`${id}-name`} required autoComplete="off" value={value.name} onChange={set('name')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-birth`}>{t('field.birthDate')}</label>
        <input id={`${id}-birth`} type="date" value={value.birthDate} onChange={set('birthDate')} />
        <p className="hint">{t('field.birthDateHint')}</p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-sex`}>{t('form.sex')}</label>
        <select id={`${id}-sex`} value={value.sex} onChange={set('sex')}>
          <option value="">{t('field.fromNik')}</option>
          <option value="L">{t('field.sex.L')}</option>
          <option value="P">{t('field.sex.P')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-kel`}>{t('registry.kelurahan')}</label>
        <select id={`${id}-kel`} value={value.kelurahanCode} onChange={set('kelurahanCode')} required={allowed !== null}>
          <option value="">{t('field.choose')}</option>
          {(regions.data?.kecamatan ?? []).map((k) => {
            const options = k.kelurahan.filter((l) => !allowed || allowed.has(l.code));
            return options.length === 0 ? null : (
              <optgroup key={k.code} label={k.name}>
                {options.map((l) => (
                  <option key={l.code} value={l.code}>
                    {l.name}
                  </option>
                ))}
              </optgroup>
            );
          })}
        </select>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-rt`}>RT</label>
          <input id={`${id}-rt`} inputMode="numeric" maxLength={3} value={value.rt} onChange={set('rt')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-rw`}>RW</label>
          <input id={`${id}-rw`} inputMode="numeric" maxLength={3} value={value.rw} onChange={set('rw')} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-street`}>{t('form.street')}</label>
        <input id={`${id}-street`} value={value.street} onChange={set('street')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-occ`}>{t('registry.occupation')}</label>
        <select id={`${id}-occ`} value={value.occupationCode} onChange={set('occupationCode')}>
          <option value="">{t('field.choose')}</option>
          {(occupations.data?.items ?? []).map((o) => (
            <option key={o.code} value={o.code}>
              {lang === 'id' ? o.nameId : o.nameEn}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-phone`}>{t('form.phone')}</label>
        <input id={`${id}-phone`} type="tel" inputMode="tel" autoComplete="off" value={value.phone} onChange={set('phone')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-desil`}>{t('registry.desil')}</label>
        <select id={`${id}-desil`} value={value.desil} onChange={set('desil')}>
          <option value="">{t('field.unknown')}</option>
          {Array.from({ length: 10 }, (_, i) => (
            <option key={i + 1} value={String(i + 1)}>
              {i + 1}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
