import { useId } from 'react';
import { useT } from '../../../lib/i18n.tsx';
import type { Program } from '../api/get-programs.ts';

/** Which program (one per kab/kota) the screens show. */
export function ProgramSelector({
  programs,
  value,
  onChange,
}: {
  programs: Program[];
  value: string | null;
  onChange: (regionCode: string) => void;
}) {
  const { t } = useT();
  const id = useId();
  const known = programs.some((p) => p.regionCode === value);
  return (
    <div className="program-selector">
      <label htmlFor={id}>{t('program.label')}</label>
      <select id={id} value={known && value ? value : ''} onChange={(e) => onChange(e.target.value)}>
        {!known && <option value="">—</option>}
        {programs.map((p) => (
          <option key={p.id} value={p.regionCode}>
            {p.name} · {p.regionName}
          </option>
        ))}
      </select>
    </div>
  );
}
