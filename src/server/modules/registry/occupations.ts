// The seed catalogue of informal occupations (BPU) the program targets, and matching of free
// text from source files against a catalogue. The catalogue lives in the database after seeding,
// so an administrator can add occupations, aliases or change a sector without a release. The
// sector decides rate rules: PP 50/2025 gives transport BPU a different discount period.
import { normalizeName } from '../imports/values.ts';

export type OccupationSector = 'transport' | 'other';

export interface OccupationSeed {
  code: string;
  nameId: string;
  nameEn: string;
  sector: OccupationSector;
  aliases: string[];
}

export interface CatalogueOccupation {
  code: string;
  nameId: string;
  nameEn: string;
  aliases: string[];
}

export const OCCUPATION_SEED: OccupationSeed[] = [
  {
    code: 'ART',
    nameId: 'Pekerja Rumah Tangga',
    nameEn: 'Household helper',
    sector: 'other',
    aliases: ['pembantu', 'pembantu rumah tangga', 'asisten rumah tangga', 'PRT', 'pramuwisma', 'babysitter', 'pengasuh anak'],
  },
  {
    code: 'OJEK',
    nameId: 'Pengemudi Ojek',
    nameEn: 'Ojek driver',
    sector: 'transport',
    aliases: ['ojek', 'ojol', 'ojek online', 'ojek pangkalan', 'driver ojol', 'driver ojek', 'tukang ojek', 'gojek', 'motorcycle taxi driver'],
  },
  {
    code: 'SOPIR',
    nameId: 'Sopir Pribadi',
    nameEn: 'Private driver',
    sector: 'transport',
    aliases: ['sopir', 'supir', 'driver', 'pengemudi', 'supir pribadi', 'driver pribadi'],
  },
  {
    code: 'BURUH_BANGUNAN',
    nameId: 'Buruh Bangunan',
    nameEn: 'Construction labourer',
    sector: 'other',
    aliases: ['kuli bangunan', 'tukang bangunan', 'tukang batu', 'kenek bangunan', 'pekerja bangunan', 'construction worker'],
  },
  {
    code: 'PEDAGANG',
    nameId: 'Pedagang Kaki Lima',
    nameEn: 'Street vendor',
    sector: 'other',
    aliases: ['PKL', 'pedagang', 'pedagang keliling', 'pedagang asongan', 'pedagang kecil', 'asongan', 'penjual keliling'],
  },
  {
    code: 'NELAYAN',
    nameId: 'Nelayan',
    nameEn: 'Fisherman',
    sector: 'other',
    aliases: ['nelayan tradisional', 'buruh nelayan', 'fisher'],
  },
  {
    code: 'BURUH_PELABUHAN',
    nameId: 'Buruh Pelabuhan',
    nameEn: 'Port labourer',
    sector: 'other',
    aliases: ['porter', 'kuli pelabuhan', 'TKBM', 'tenaga kerja bongkar muat', 'buruh bongkar muat'],
  },
  {
    code: 'PEMULUNG',
    nameId: 'Pemulung',
    nameEn: 'Waste collector',
    sector: 'other',
    aliases: ['pengepul sampah', 'pemungut sampah', 'waste picker'],
  },
  {
    code: 'MARBOT',
    nameId: 'Marbot Masjid',
    nameEn: 'Mosque caretaker',
    sector: 'other',
    aliases: ['marbot', 'marbut', 'penjaga masjid', 'takmir'],
  },
  {
    code: 'GURU_NGAJI',
    nameId: 'Guru Ngaji',
    nameEn: 'Quran teacher',
    sector: 'other',
    aliases: ['ustadz', 'ustad', 'ustadzah', 'ustazah', 'pengajar ngaji', 'guru mengaji', 'guru TPA', 'guru TPQ'],
  },
  {
    code: 'BURUH_HARIAN',
    nameId: 'Buruh Harian Lepas',
    nameEn: 'Day labourer',
    sector: 'other',
    aliases: ['BHL', 'buruh harian', 'buruh serabutan', 'serabutan', 'buruh lepas', 'kuli'],
  },
  {
    code: 'PETANI',
    nameId: 'Petani / Pekebun',
    nameEn: 'Farmer',
    sector: 'other',
    aliases: ['petani', 'pekebun', 'buruh tani', 'buruh kebun', 'petani penggarap'],
  },
  {
    code: 'TUKANG_PARKIR',
    nameId: 'Juru Parkir',
    nameEn: 'Parking attendant',
    sector: 'other',
    aliases: ['tukang parkir', 'jukir', 'parkir'],
  },
  {
    code: 'LAINNYA',
    nameId: 'Lainnya',
    nameEn: 'Other',
    sector: 'other',
    aliases: ['lain lain', 'lain-lain'],
  },
];

function phrases(entry: CatalogueOccupation): string[] {
  return [entry.code, entry.nameId, entry.nameEn, ...entry.aliases].map(normalizeName).filter((p) => p !== '');
}

/** True when `phrase` occurs in `words` as whole consecutive words. */
function containsPhrase(words: string[], phrase: string[]): boolean {
  for (let i = 0; i + phrase.length <= words.length; i++) {
    if (phrase.every((w, j) => words[i + j] === w)) return true;
  }
  return false;
}

/**
 * The catalogue code for a free-text occupation, or null. First an exact match (after
 * normalizeName) on code, Indonesian or English name or alias; otherwise the longest name or
 * alias found as whole words inside the text, so Dukcapil's 'NELAYAN/PERIKANAN' gives NELAYAN
 * and 'pengemudi ojek online' gives OJEK. When two occupations tie ('pedagang dan nelayan')
 * the answer is null: a person chooses.
 */
export function matchOccupation(text: string, catalogue: CatalogueOccupation[]): string | null {
  const key = normalizeName(text);
  if (key === '') return null;
  for (const entry of catalogue) {
    if (phrases(entry).includes(key)) return entry.code;
  }

  const words = key.split(' ');
  let best: { code: string; length: number } | null = null;
  let tie = false;
  for (const entry of catalogue) {
    let length = 0;
    for (const phrase of phrases(entry)) {
      const phraseWords = phrase.split(' ');
      if (phraseWords.length > length && containsPhrase(words, phraseWords)) length = phraseWords.length;
    }
    if (length === 0) continue;
    if (best === null || length > best.length) {
      best = { code: entry.code, length };
      tie = false;
    } else if (length === best.length && entry.code !== best.code) {
      tie = true;
    }
  }
  return best === null || tie ? null : best.code;
}

/**
 * matchOccupation for many rows: a file names a handful of occupations thousands of times, so
 * each distinct text is matched once.
 */
export function occupationMatcher(catalogue: CatalogueOccupation[]): (text: string) => string | null {
  const memo = new Map<string, string | null>();
  return (text) => {
    let code = memo.get(text);
    if (code === undefined) {
      code = matchOccupation(text, catalogue);
      if (memo.size < 10_000) memo.set(text, code);
    }
    return code;
  };
}
