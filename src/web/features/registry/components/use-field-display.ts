import { useCallback, useMemo } from 'react';
import { useT } from '../../../lib/i18n.tsx';
import { useOccupations } from '../../../lib/occupations.ts';
import { useRegions } from '../api/get-regions.ts';

/**
 * How a registry field and its stored value read for people: 'birth_date' -> 'Tanggal lahir',
 * '1980-01-15' -> '15 Januari 1980', 'L' -> 'Laki-laki', an occupation or village code -> its name.
 */
export function useFieldDisplay(regionCode: string) {
  const { t, tDynamic, date, lang } = useT();
  const regions = useRegions(regionCode);
  const occupations = useOccupations();

  const villageNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const k of regions.data?.kecamatan ?? []) {
      for (const v of k.kelurahan) names.set(v.code, `${v.name}, ${k.name}`);
    }
    return names;
  }, [regions.data]);

  const label = useCallback((field: string) => tDynamic(`field.${field}`, field), [tDynamic]);

  const source = useCallback((s: string) => tDynamic(`source.${s}`, s), [tDynamic]);

  const value = useCallback(
    (field: string, raw: string | null): string => {
      if (raw === null || raw === '') return t('common.empty');
      switch (field) {
        case 'birth_date':
          return date(raw);
        case 'sex':
          return raw === 'L' || raw === 'P' ? t(`sex.${raw}`) : raw;
        case 'occupation_code': {
          const o = occupations.data?.items.find((x) => x.code === raw);
          return o ? (lang === 'en' ? o.nameEn : o.nameId) : raw;
        }
        case 'kelurahan_code': {
          const name = villageNames.get(raw);
          return name ? `${name} (${raw})` : raw;
        }
        case 'coverage_status':
          return tDynamic(`coverage.${raw}`, raw);
        default:
          return raw;
      }
    },
    [t, tDynamic, date, lang, occupations.data, villageNames],
  );

  return { label, source, value };
}
