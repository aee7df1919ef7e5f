// Synthetic registry files that look like a DTSEN export of one kab/kota: valid NIKs, a desil
// mix weighted to the poorest deciles, the occupations of domain.md. Deterministic for a seed.
import fs from 'node:fs';
import { once } from 'node:events';
import { makeNik } from '../registry/nik.ts';

/** Mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MEN = ['Ahmad', 'Budi', 'Dedi', 'Eko', 'Fajar', 'Hendra', 'Iwan', 'Joko', 'Kurnia', 'Mulyadi', 'Nur', 'Rahmat', 'Slamet', 'Supriyadi', 'Udin', 'Wahyu', 'Yusuf', 'Asep', 'Jaenudin', 'Sarmin'];
const WOMEN = ['Aminah', 'Dewi', 'Eni', 'Fitri', 'Hasanah', 'Iis', 'Juju', 'Kartini', 'Lilis', 'Maryam', 'Nining', 'Rohaye', 'Siti', 'Sri', 'Tati', 'Umi', 'Wati', 'Yati', 'Masitoh', 'Nurhayati'];
const FAMILY = ['Hidayat', 'Saputra', 'Setiawan', 'Rohman', 'Sulaeman', 'Fauzi', 'Maulana', 'Kurniawan', 'Suryadi', 'Jamaludin', 'Hasan', 'Rahmawati', 'Nuraeni', 'Sopian', 'Mulyana', 'Syarifudin', ''];
const STREETS = ['Jl. Raya Anyer', 'Jl. Lingkar Selatan', 'Jl. Sunan Ampel', 'Kp. Cibeber', 'Kp. Pabuaran', 'Jl. Kubang Laban', 'Link. Sumur Wuluh', 'Kp. Kalentemu', 'Jl. Pelabuhan'];

/** Occupation labels as offices write them, with a weight (domain.md section 1). */
const OCCUPATIONS: [string, number][] = [
  ['Pedagang Kaki Lima', 16], ['Buruh Harian Lepas', 18], ['Pengemudi Ojek', 12], ['Pekerja Rumah Tangga', 10],
  ['Buruh Bangunan', 12], ['Nelayan', 6], ['Buruh Pelabuhan', 5], ['Pemulung', 4], ['Sopir', 5], ['Marbot Masjid', 2],
  ['Guru Ngaji', 3], ['Petani', 4], ['Juru Parkir', 3],
];
/** DTSEN-based target lists are mostly desil 1-4. */
const DESIL_WEIGHTS = [22, 20, 17, 14, 9, 7, 5, 3, 2, 1];

function pickWeighted<T>(r: () => number, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

export interface DemoRegion {
  regencyCode: string;
  kelurahan: { code: string; name: string; kecamatanName: string }[];
}

export const DEMO_HEADER = ['NIK', 'NAMA', 'TGL_LAHIR', 'JENIS_KELAMIN', 'KODE_DESA', 'NAMA_DESA', 'KECAMATAN', 'RT', 'RW', 'ALAMAT', 'PEKERJAAN', 'NO_HP', 'DESIL', 'NO_KK'];

/** Rows of a synthetic DTSEN-like file. NIKs are unique: serials count up per NIK prefix. */
export function* demoRows(region: DemoRegion, n: number, seed = 1): Generator<string[]> {
  const r = rng(seed);
  const serials = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const kel = pick(r, region.kelurahan);
    const sex: 'L' | 'P' = r() < 0.55 ? 'L' : 'P';
    const year = 1962 + Math.floor(r() * 45);
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const district = kel.code.slice(6, 8);
    const prefix = `${region.regencyCode}${district}${birthDate}${sex}`;
    let serial = (serials.get(prefix) ?? 0) + 1;
    // More than 9,999 people of one sex born on one day in one kecamatan: use a neighbouring kecamatan code.
    let districtCode = district;
    while (serial > 9999) {
      districtCode = String((Number(districtCode) % 99) + 1).padStart(2, '0');
      serial = (serials.get(`${region.regencyCode}${districtCode}${birthDate}${sex}`) ?? 0) + 1;
    }
    serials.set(`${region.regencyCode}${districtCode}${birthDate}${sex}`, serial);
    const nik = makeNik({ regencyCode: region.regencyCode, districtTwoDigits: districtCode, birthDate, sex, serial });
    const family = pick(r, FAMILY);
    const name = `${pick(r, sex === 'L' ? MEN : WOMEN)}${family ? ` ${family}` : ''}`;
    const desil = pickWeighted(r, DESIL_WEIGHTS.map((w, k) => [k + 1, w] as [number, number]));
    const phone = r() < 0.7 ? `08${String(1 + Math.floor(r() * 9))}${String(Math.floor(r() * 1e9)).padStart(9, '0')}` : '';
    const kk = `${nik.slice(0, 6)}${String(Math.floor(r() * 1e10)).padStart(10, '0')}`;
    yield [
      nik,
      name.toUpperCase(),
      `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`,
      sex === 'L' ? 'Laki-laki' : 'Perempuan',
      kel.code.replace(/\./g, ''),
      kel.name.toUpperCase(),
      kel.kecamatanName.toUpperCase(),
      String(1 + Math.floor(r() * 12)).padStart(3, '0'),
      String(1 + Math.floor(r() * 8)).padStart(3, '0'),
      `${pick(r, STREETS)} No. ${1 + Math.floor(r() * 120)}`,
      pickWeighted(r, OCCUPATIONS),
      phone,
      String(desil),
      kk,
    ];
  }
}

function csvField(s: string): string {
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes a synthetic file as CSV (comma-separated, UTF-8), streaming. */
export async function writeDemoCsv(path: string, region: DemoRegion, n: number, seed = 1): Promise<void> {
  const out = fs.createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(DEMO_HEADER.join(',') + '\n');
  let buf = '';
  let k = 0;
  for (const row of demoRows(region, n, seed)) {
    buf += row.map(csvField).join(',') + '\n';
    if (++k % 1000 === 0) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  out.end();
  await once(out, 'finish');
}
