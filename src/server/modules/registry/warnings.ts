// What a warning code on a worker record means, for people.
export const WARNING_TEXT: Record<string, { id: string; en: string }> = {
  NIK_SEX_MISMATCH: {
    id: 'Jenis kelamin menurut NIK berbeda dengan yang tercatat: periksa KTP',
    en: 'The sex encoded in the NIK differs from the recorded one: check the ID card',
  },
  NIK_BIRTHDATE_MISMATCH: {
    id: 'Tanggal lahir menurut NIK berbeda dengan yang tercatat: periksa KTP',
    en: 'The birth date encoded in the NIK differs from the recorded one: check the ID card',
  },
  SEX_FROM_NIK: { id: 'Jenis kelamin diisi dari NIK (tidak ada di berkas)', en: 'Sex taken from the NIK (missing in the file)' },
  BIRTH_DATE_FROM_NIK: {
    id: 'Tanggal lahir diisi dari NIK (tidak ada di berkas; abad ditebak)',
    en: 'Birth date taken from the NIK (missing in the file; century inferred)',
  },
  OCCUPATION_UNKNOWN: {
    id: 'Pekerjaan tidak ada di katalog: dicatat sebagai Lainnya',
    en: 'Occupation not in the catalogue: recorded as Other',
  },
};

export function describeWarning(code: string): { code: string; id: string; en: string } {
  const t = WARNING_TEXT[code];
  return { code, id: t?.id ?? code, en: t?.en ?? code };
}
