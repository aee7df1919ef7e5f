// The rules in force when Sekitar was written (domain.md §2). Later regulations are added as rows.
import type { RateRule } from './rates.ts';

export const SEED_RULES: Omit<RateRule, 'id'>[] = [
  {
    code: 'JKK-BPU-2015',
    kind: 'percent',
    programs: ['JKK'],
    // 1% of declared income. The nominal brackets of Lampiran II are not transcribed here yet: an
    // admin can add them as a newer rule with `brackets`; the highest bracket is the cap.
    value: 100,
    brackets: [],
    cap: 207_000,
    sectors: [],
    excludedFunding: [],
    from: '2015-07',
    to: null,
    legalBasis: 'PP 44/2015 jo. PP 82/2019 dan PP 49/2023, Lampiran II: iuran JKK BPU 1% dari penghasilan yang dilaporkan, menurut tingkatan penghasilan',
  },
  {
    code: 'JKM-BPU-2015',
    kind: 'flat',
    programs: ['JKM'],
    value: 6_800,
    brackets: [],
    cap: null,
    sectors: [],
    excludedFunding: [],
    from: '2015-07',
    to: null,
    legalBasis: 'PP 44/2015 jo. PP 82/2019: iuran JKM BPU Rp6.800 per bulan',
  },
  {
    code: 'JHT-BPU-2015',
    kind: 'percent',
    programs: ['JHT'],
    value: 200,
    brackets: [],
    cap: null,
    sectors: [],
    excludedFunding: [],
    from: '2015-07',
    to: null,
    legalBasis: 'PP 46/2015 jo. PP 60/2015: iuran JHT BPU 2% dari penghasilan yang dilaporkan',
  },
  // PP 50/2025: 50% off JKK and JKM for BPU, benefits unchanged; not for contributions paid from
  // APBN/APBD. Village budgets (APBDes) are excluded too until BPJS TK says otherwise: a price that
  // turns out too high is refunded, one too low leaves a worker in arrears.
  {
    code: 'PP50-2025-TRANSPORTASI',
    kind: 'discount',
    programs: ['JKK', 'JKM'],
    value: 5_000,
    brackets: [],
    cap: null,
    sectors: ['transport'],
    excludedFunding: ['apbn', 'apbd', 'apbdes'],
    from: '2026-01',
    to: '2027-03',
    legalBasis: 'PP 50/2025 (22 Desember 2025): diskon 50% iuran JKK dan JKM BPU sektor transportasi, Januari 2026 - Maret 2027',
  },
  {
    code: 'PP50-2025-SEKTOR-LAIN',
    kind: 'discount',
    programs: ['JKK', 'JKM'],
    value: 5_000,
    brackets: [],
    cap: null,
    sectors: [],
    excludedFunding: ['apbn', 'apbd', 'apbdes'],
    from: '2026-04',
    to: '2026-12',
    legalBasis: 'PP 50/2025 (22 Desember 2025): diskon 50% iuran JKK dan JKM BPU sektor lain, April - Desember 2026',
  },
];
