// Mapping spreadsheet headers to worker fields. Source files (DTSEN, DTKS, P3KE, village lists)
// name the same column in many ways; we suggest a mapping from known aliases, the operator
// confirms it, and the confirmed mapping is saved per source and wins next time.
import { problem, type Problem } from '../registry/problem.ts';

export const WORKER_FIELDS = [
  { key: 'nik', labelId: 'NIK', labelEn: 'NIK (national ID number)', required: true },
  { key: 'name', labelId: 'Nama lengkap', labelEn: 'Full name', required: true },
  { key: 'birth_date', labelId: 'Tanggal lahir', labelEn: 'Date of birth', required: false },
  { key: 'sex', labelId: 'Jenis kelamin', labelEn: 'Sex', required: false },
  { key: 'kelurahan_code', labelId: 'Kode desa/kelurahan', labelEn: 'Village code', required: false },
  { key: 'kelurahan_name', labelId: 'Nama desa/kelurahan', labelEn: 'Village name', required: false },
  { key: 'kecamatan_name', labelId: 'Nama kecamatan', labelEn: 'District name', required: false },
  { key: 'rt', labelId: 'RT', labelEn: 'RT (neighbourhood unit)', required: false },
  { key: 'rw', labelId: 'RW', labelEn: 'RW (community unit)', required: false },
  { key: 'rt_rw', labelId: 'RT/RW (satu kolom)', labelEn: 'RT/RW (one column)', required: false },
  { key: 'street', labelId: 'Alamat', labelEn: 'Street address', required: false },
  { key: 'occupation', labelId: 'Pekerjaan', labelEn: 'Occupation', required: false },
  { key: 'phone', labelId: 'Nomor HP', labelEn: 'Phone number', required: false },
  { key: 'desil', labelId: 'Desil', labelEn: 'Welfare decile (desil)', required: false },
  { key: 'kk_number', labelId: 'Nomor KK', labelEn: 'Family card number (No. KK)', required: false },
  { key: 'kpj_number', labelId: 'Nomor KPJ', labelEn: 'BPJS TK membership number (KPJ)', required: false },
  { key: 'bpjs_status', labelId: 'Status BPJS', labelEn: 'BPJS status', required: false },
] as const satisfies readonly { key: string; labelId: string; labelEn: string; required: boolean }[];

export type WorkerFieldKey = (typeof WORKER_FIELDS)[number]['key'];

const FIELD_KEYS: ReadonlySet<string> = new Set(WORKER_FIELDS.map((f) => f.key));

export function isWorkerFieldKey(key: string): key is WorkerFieldKey {
  return FIELD_KEYS.has(key);
}

/**
 * Header names as they occur in DTSEN/DTKS/P3KE/village spreadsheets, written as they appear;
 * they are compared after normalizeHeader, so case, dots and underscores do not matter.
 */
export const HEADER_ALIASES: Record<WorkerFieldKey, readonly string[]> = {
  nik: [
    'NIK', 'No NIK', 'Nomor NIK', 'NIK KTP', 'No KTP', 'Nomor KTP', 'Nomor Induk Kependudukan',
    'NIK ART', 'NIK Anggota', 'NIK Pekerja', 'NIK Peserta', 'ID Number', 'National ID', 'NIK Number',
  ],
  name: [
    'Nama', 'Nama Lengkap', 'Nama Pekerja', 'Nama ART', 'Nama Anggota', 'Nama Anggota Keluarga',
    'Nama Peserta', 'Nama Penerima', 'Nama Sesuai KTP', 'Full name', 'Name',
  ],
  birth_date: [
    'Tanggal Lahir', 'Tgl Lahir', 'Tgl Lhr', 'Tanggal Lhr', 'TGL_LAHIR', 'Date of birth', 'DOB',
    'Birth date', 'Birthdate',
  ],
  sex: [
    'Jenis Kelamin', 'JK', 'JNS_KEL', 'Jns Kelamin', 'Jenis Kel', 'Kelamin', 'L/P', 'Sex', 'Gender',
  ],
  kelurahan_code: [
    'Kode Desa', 'Kode Kelurahan', 'Kode Desa/Kelurahan', 'KODE_DESA', 'Kode Kel', 'Kd Desa', 'Kode Wilayah',
    'Kode Kemendagri', 'Kode Desa Kemendagri', 'Village code',
  ],
  kelurahan_name: [
    'Desa', 'Kelurahan', 'Desa/Kelurahan', 'Kelurahan/Desa', 'Nama Desa', 'Nama Kelurahan', 'Nama Desa/Kelurahan',
    'Kel/Desa', 'Desa Kel', 'Village', 'Village name',
  ],
  kecamatan_name: ['Kecamatan', 'Nama Kecamatan', 'Kec', 'District', 'Sub-district', 'Subdistrict'],
  rt: ['RT', 'No RT', 'Nomor RT'],
  rw: ['RW', 'No RW', 'Nomor RW'],
  rt_rw: ['RT/RW', 'RT RW', 'RTRW'],
  street: ['Alamat', 'Alamat Lengkap', 'Alamat Rumah', 'Alamat Domisili', 'Address', 'Street', 'Jalan'],
  occupation: [
    'Pekerjaan', 'Jenis Pekerjaan', 'Pekerjaan Utama', 'Profesi', 'Mata Pencaharian', 'Occupation', 'Job',
  ],
  phone: [
    'No HP', 'Nomor HP', 'No Telp', 'No Telepon', 'Nomor Telepon', 'Telepon', 'Telp', 'HP', 'WA', 'No WA',
    'Nomor WA', 'No HP/WA', 'Phone', 'Phone number', 'Mobile',
  ],
  desil: ['Desil', 'Desil Nasional', 'DESIL_KESEJAHTERAAN', 'Desil Kesejahteraan', 'Decile'],
  kk_number: [
    'No KK', 'Nomor KK', 'NO_KK', 'NOKK', 'Nomor Kartu Keluarga', 'No Kartu Keluarga', 'Family card number',
  ],
  kpj_number: [
    'KPJ', 'No KPJ', 'Nomor KPJ', 'Nomor Kepesertaan', 'No Kepesertaan', 'No Peserta BPJS TK', 'BPJS TK number',
  ],
  bpjs_status: ['Status BPJS', 'Status BPJS TK', 'Status Kepesertaan', 'BPJS status'],
};

/**
 * Head-of-family columns, used only as a last resort. In P3KE and DTKS family lists the head of
 * family ("Nama Kepala Keluarga", "NAMA_KRT") is a different person from the member a row may
 * describe, so these map to `name`/`nik` only when the file has no column naming the person.
 * In a file with one row per family that is the right reading: the head is the person.
 */
export const HEAD_OF_FAMILY_ALIASES: Partial<Record<WorkerFieldKey, readonly string[]>> = {
  name: ['Nama Kepala Keluarga', 'Kepala Keluarga', 'Nama KK', 'NAMA_KRT', 'Nama Kepala Rumah Tangga', 'Nama KRT'],
  nik: ['NIK Kepala Keluarga', 'NIK KRT', 'NIK Kepala Rumah Tangga'],
};

/** 'Tgl. Lahir' -> 'tgl lahir', '\uFEFFNO_KK' -> 'no kk', 'L/P' -> 'l p'. */
export function normalizeHeader(h: string): string {
  return h
    .replace(/\uFEFF/g, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function aliasIndex(table: Partial<Record<WorkerFieldKey, readonly string[]>>): Map<string, WorkerFieldKey> {
  const index = new Map<string, WorkerFieldKey>();
  for (const field of WORKER_FIELDS) {
    for (const alias of table[field.key] ?? []) index.set(normalizeHeader(alias), field.key);
  }
  return index;
}

const PRIMARY_INDEX = aliasIndex(HEADER_ALIASES);
const HEAD_OF_FAMILY_INDEX = aliasIndex(HEAD_OF_FAMILY_ALIASES);

/**
 * Suggests header -> field for every header (null = not imported). A saved mapping from a
 * previous import of the same source wins for the headers it names; a saved value that is not a
 * field key (e.g. '') means the operator chose to skip that column, and it stays skipped. Then
 * known aliases, then head-of-family columns. Each field gets at most one header: the first in
 * file order; later candidates stay null. A combined RT/RW column is not suggested when separate
 * RT or RW columns are mapped.
 */
export function suggestMapping(
  headers: string[],
  saved?: Record<string, string>,
): Record<string, WorkerFieldKey | null> {
  const mapping: Record<string, WorkerFieldKey | null> = {};
  const taken = new Set<WorkerFieldKey>();
  const decided = new Set<number>();

  const savedByNormal = new Map<string, string>();
  for (const [header, field] of Object.entries(saved ?? {})) savedByNormal.set(normalizeHeader(header), field);

  headers.forEach((header) => {
    mapping[header] = null;
  });

  if (saved) {
    headers.forEach((header, i) => {
      const field = saved[header] ?? savedByNormal.get(normalizeHeader(header));
      if (field === undefined) return;
      decided.add(i);
      if (isWorkerFieldKey(field) && !taken.has(field)) {
        mapping[header] = field;
        taken.add(field);
      }
    });
  }

  for (const index of [PRIMARY_INDEX, HEAD_OF_FAMILY_INDEX]) {
    headers.forEach((header, i) => {
      if (decided.has(i) || mapping[header]) return;
      const field = index.get(normalizeHeader(header));
      if (field === undefined || taken.has(field)) return;
      if (field === 'rt_rw' && (taken.has('rt') || taken.has('rw') || headersMapTo(headers, 'rt', 'rw'))) return;
      mapping[header] = field;
      taken.add(field);
    });
  }
  return mapping;
}

/** True when some header is an alias of one of the given fields (so a combined column is redundant). */
function headersMapTo(headers: string[], ...fields: WorkerFieldKey[]): boolean {
  return headers.some((h) => {
    const field = PRIMARY_INDEX.get(normalizeHeader(h));
    return field !== undefined && fields.includes(field);
  });
}

/**
 * Problems that block an import with this mapping (header -> field key or null): unknown field
 * keys, a field mapped from two columns, a combined RT/RW column next to separate RT or RW
 * columns, and missing required fields.
 */
export function validateMapping(mapping: Record<string, string | null>): Problem[] {
  const problems: Problem[] = [];
  const headersByField = new Map<WorkerFieldKey, string[]>();

  for (const [header, field] of Object.entries(mapping)) {
    if (field === null || field === '') continue;
    if (!isWorkerFieldKey(field)) {
      problems.push(
        problem(
          'MAPPING_UNKNOWN_FIELD',
          `Kolom "${header}" dipetakan ke isian "${field}" yang tidak dikenal.`,
          `Column "${header}" is mapped to an unknown field "${field}".`,
        ),
      );
      continue;
    }
    headersByField.set(field, [...(headersByField.get(field) ?? []), header]);
  }

  for (const field of WORKER_FIELDS) {
    const headers = headersByField.get(field.key) ?? [];
    if (headers.length > 1) {
      const list = headers.map((h) => `"${h}"`).join(', ');
      problems.push(
        problem(
          'MAPPING_DUPLICATE_FIELD',
          `Isian ${field.labelId} dipetakan dari lebih dari satu kolom (${list}); pilih satu kolom saja.`,
          `Field ${field.labelEn} is mapped from more than one column (${list}); choose one column only.`,
        ),
      );
    }
  }

  if (headersByField.has('rt_rw') && (headersByField.has('rt') || headersByField.has('rw'))) {
    problems.push(
      problem(
        'MAPPING_RT_RW_CONFLICT',
        'Kolom gabungan RT/RW dan kolom RT atau RW terpisah dipetakan bersamaan; pilih salah satu cara.',
        'A combined RT/RW column and a separate RT or RW column are both mapped; choose one way.',
      ),
    );
  }

  for (const field of WORKER_FIELDS) {
    if (field.required && !headersByField.has(field.key)) {
      problems.push(
        problem(
          'MAPPING_REQUIRED_MISSING',
          `Isian wajib ${field.labelId} belum dipetakan ke kolom mana pun.`,
          `The required field ${field.labelEn} is not mapped to any column.`,
        ),
      );
    }
  }
  return problems;
}
