// The one place where domain error codes become HTTP statuses and messages in Indonesian and English.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, RowsRejected } from '../domain-error.ts';
import { UnreadableFileError } from '../modules/imports/file-reader.ts';

type Message = { status: number; id: (d: Record<string, string | number>) => string; en: (d: Record<string, string | number>) => string };

export const ERROR_MESSAGES: Record<string, Message> = {
  PROGRAM_NOT_FOUND: { status: 404, id: (d) => `Program untuk wilayah ${d.code} tidak ditemukan`, en: (d) => `No program for region ${d.code}` },
  PROGRAM_EXISTS: { status: 409, id: (d) => `Wilayah ${d.code} sudah punya program`, en: (d) => `Region ${d.code} already has a program` },
  PROGRAM_NAME_REQUIRED: { status: 400, id: () => 'Nama program wajib diisi', en: () => 'The program name is required' },
  REGION_NOT_FOUND: { status: 404, id: (d) => `Kab/kota ${d.code} tidak ada dalam daftar Kemendagri`, en: (d) => `Kab/kota ${d.code} is not in the Kemendagri list` },
  REGION_CODE_FORMAT: { status: 400, id: (d) => `Kode kab/kota "${d.code}" harus berbentuk 36.72`, en: (d) => `Kab/kota code "${d.code}" must look like 36.72` },
  WORKER_NOT_FOUND: { status: 404, id: () => 'Pekerja tidak ditemukan', en: () => 'Worker not found' },
  KEYS_INLINE: { status: 409, id: () => 'Kunci ada di SEKITAR_KEYS langsung: untuk rotasi, simpan di berkas kunci', en: () => 'The keys are inline in SEKITAR_KEYS: to rotate them, keep them in a key file' },
  KEYS_ROTATED_MEANWHILE: { status: 409, id: () => 'Kunci sedang diganti oleh proses lain', en: () => 'Another process rotated the keys meanwhile' },
  IMPORT_KEYS_ROTATED: { status: 409, id: () => 'Kunci data pribadi diganti sesudah impor ini disiapkan: jalankan uji coba lagi', en: () => 'The personal-data keys were rotated after this import was staged: run the dry run again' },
  IMPORT_NOT_FOUND: { status: 404, id: (d) => `Impor ${d.id} tidak ditemukan`, en: (d) => `Import ${d.id} not found` },
  IMPORT_BUSY: { status: 409, id: () => 'Impor ini sedang berjalan', en: () => 'This import is already running' },
  IMPORT_ALREADY_COMMITTED: { status: 409, id: () => 'Impor ini sudah disimpan', en: () => 'This import has already been committed' },
  IMPORT_NOT_STAGED: { status: 409, id: () => 'Jalankan uji coba (dry run) dulu', en: () => 'Run the dry run first' },
  IMPORT_SOURCE_UNKNOWN: { status: 400, id: (d) => `Sumber data "${d.source}" tidak dikenal (DTSEN, DTKS, P3KE, DESA, LAPANGAN)`, en: (d) => `Unknown data source "${d.source}" (DTSEN, DTKS, P3KE, DESA, LAPANGAN)` },
  IMPORT_MAPPING_INVALID: { status: 400, id: (d) => `Pemetaan kolom tidak valid: ${d.alasan}`, en: (d) => `Invalid column mapping: ${d.reason}` },
  IMPORT_FILE_MISSING: { status: 400, id: () => 'Pilih berkas untuk diimpor', en: () => 'Choose a file to import' },
  EXPORT_OUTPUT_REQUIRED: { status: 400, id: () => 'XLSX perlu --output <berkas>', en: () => 'XLSX needs --output <file>' },
  UNAUTHENTICATED: { status: 401, id: () => 'Silakan masuk terlebih dahulu', en: () => 'Please log in first' },
  FORBIDDEN: { status: 403, id: () => 'Anda tidak berwenang untuk ini', en: () => 'You are not allowed to do this' },
  CSRF_INVALID: { status: 403, id: () => 'Permintaan ditolak: token keamanan tidak cocok. Muat ulang halaman.', en: () => 'Request refused: the security token does not match. Reload the page.' },
  LOGIN_FAILED: { status: 401, id: () => 'Email atau kata sandi salah', en: () => 'Wrong email or password' },
  LOGIN_THROTTLED: {
    status: 429,
    id: (d) => `Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ${d.minutes} menit.`,
    en: (d) => `Too many failed login attempts. Try again in ${d.minutes} minutes.`,
  },
  PASSWORD_CHANGE_REQUIRED: { status: 403, id: () => 'Ganti kata sandi sementara Anda dulu (menu Akun Saya)', en: () => 'Change your temporary password first (My Account)' },
  SESSION_NOT_FOUND: { status: 404, id: () => 'Sesi tidak ditemukan atau sudah berakhir', en: () => 'Session not found or already ended' },
  PASSWORD_WRONG: { status: 400, id: () => 'Kata sandi saat ini salah', en: () => 'The current password is wrong' },
  PASSWORD_TOO_SHORT: { status: 400, id: (d) => `Kata sandi minimal ${d.min} karakter`, en: (d) => `The password needs at least ${d.min} characters` },
  PASSWORD_TOO_LONG: { status: 400, id: (d) => `Kata sandi maksimal ${d.max} karakter`, en: (d) => `The password may have at most ${d.max} characters` },
  PASSWORD_UNCHANGED: { status: 400, id: () => 'Kata sandi baru harus berbeda dari yang lama', en: () => 'The new password must differ from the old one' },
  EMAIL_INVALID: { status: 400, id: () => 'Alamat email tidak valid', en: () => 'The email address is not valid' },
  NAME_REQUIRED: { status: 400, id: () => 'Nama wajib diisi', en: () => 'The name is required' },
  USER_NOT_FOUND: { status: 404, id: (d) => `Pengguna ${d.id} tidak ditemukan`, en: (d) => `User ${d.id} not found` },
  USER_SELF_DISABLE: { status: 409, id: () => 'Anda tidak dapat menonaktifkan akun atau peran admin Anda sendiri', en: () => 'You cannot disable your own account or admin role' },
  USER_EXISTS_ELSEWHERE: {
    status: 409,
    id: () => 'Email ini sudah dipakai akun yang juga bekerja di program lain: minta operator (sekitar user create) menambahkan perannya',
    en: () => 'This email belongs to an account that also works in another programme: ask the operator (sekitar user create) to add the role',
  },
  ROLE_EXISTS: { status: 409, id: () => 'Pengguna sudah memegang peran ini', en: () => 'The user already holds this role' },
  ROLE_NOT_FOUND: { status: 404, id: (d) => `Peran ${d.id} tidak ditemukan`, en: (d) => `Role ${d.id} not found` },
  ROLE_SPONSOR_REQUIRED: { status: 400, id: () => 'Pengguna sponsor harus terhubung ke satu sponsor', en: () => 'A sponsor user must belong to one sponsor' },
  ROLE_SPONSOR_ONLY: { status: 400, id: () => 'Hanya peran sponsor yang terhubung ke sponsor', en: () => 'Only the sponsor role belongs to a sponsor' },
  ROLE_KELURAHAN_REQUIRED: { status: 400, id: () => 'Petugas lapangan perlu daftar kelurahan', en: () => 'A field agent needs a list of kelurahan' },
  ROLE_KELURAHAN_ONLY: { status: 400, id: () => 'Hanya petugas lapangan yang punya daftar kelurahan', en: () => 'Only field agents have a list of kelurahan' },
  KELURAHAN_NOT_IN_PROGRAM: { status: 400, id: (d) => `Kelurahan ${d.code} tidak berada di wilayah program`, en: (d) => `Kelurahan ${d.code} is not in the program's region` },
  SPONSOR_NOT_FOUND: { status: 404, id: (d) => `Sponsor ${d.id} tidak ditemukan`, en: (d) => `Sponsor ${d.id} not found` },
  FIELD_INVALID: { status: 400, id: (d) => `Isian ${d.field} tidak valid: ${d.alasan}`, en: (d) => `Field ${d.field} is invalid: ${d.reason}` },
  SUBJECT_NOT_FOUND: { status: 404, id: () => 'Tidak ada data dengan NIK ini di program', en: () => 'No record with this NIK in the program' },
  WORKER_EXISTS: { status: 409, id: (d) => `NIK ini sudah terdaftar (pekerja #${d.id})`, en: (d) => `This NIK is already registered (worker #${d.id})` },
  WORKER_ANONYMISED: { status: 410, id: () => 'Data pekerja ini sudah dianonimkan', en: () => "This worker's data has been anonymised" },
  CONSENT_INCOMPLETE: { status: 400, id: () => 'Tujuan, dasar hukum dan cara persetujuan wajib diisi', en: () => 'Purpose, legal basis and method of consent are required' },
  CONSENT_DATE_INVALID: { status: 400, id: () => 'Waktu persetujuan tidak valid atau di masa depan', en: () => 'The consent time is invalid or in the future' },
  CONSENT_NOT_FOUND: { status: 404, id: (d) => `Persetujuan ${d.id} tidak ditemukan`, en: (d) => `Consent ${d.id} not found` },
  CONSENT_ALREADY_WITHDRAWN: { status: 409, id: () => 'Persetujuan ini sudah ditarik', en: () => 'This consent has already been withdrawn' },
  REVEAL_REASON_REQUIRED: { status: 400, id: () => 'Tuliskan alasan membuka NIK lengkap', en: () => 'Give a reason for showing the full NIK' },
  PLEDGE_NOT_FOUND: { status: 404, id: (d) => `Komitmen ${d.id} tidak ditemukan`, en: (d) => `Pledge ${d.id} not found` },
  PLEDGE_NOT_DRAFT: { status: 409, id: () => 'Komitmen ini sudah disetujui atau dibatalkan', en: () => 'This pledge has already been committed or cancelled' },
  PLEDGE_QUOTE_CHANGED: {
    status: 409,
    id: (d) => `Harga berubah sejak penawaran (aturan tarif baru): totalnya kini Rp${Number(d.total).toLocaleString('id-ID')}. Periksa lalu setujui lagi.`,
    en: (d) => `The price changed since the quote (a new rate rule): the total is now Rp${Number(d.total).toLocaleString('id-ID')}. Check it and commit again.`,
  },
  ENROLMENT_NOTHING_APPROVED: { status: 409, id: () => 'Tidak ada penempatan disetujui yang belum dikirim', en: () => 'There are no approved placements waiting to be sent' },
  ENROLMENT_BATCH_NOT_FOUND: { status: 404, id: (d) => `Batch pendaftaran ${d.id} tidak ditemukan`, en: (d) => `Enrolment batch ${d.id} not found` },
  ENROLMENT_RESULTS_INVALID: {
    status: 422,
    id: (d) => `Berkas hasil tidak diterapkan: ${d.count} masalah. Perbaiki lalu unggah lagi; tidak ada yang berubah.`,
    en: (d) => `The results file was not applied: ${d.count} problems. Fix them and upload again; nothing was changed.`,
  },
  INVOICE_TOTAL_MISMATCH: {
    status: 500,
    id: (d) => `Tagihan ${d.invoices} tidak sama dengan jumlah barisnya; penagihan dibatalkan tanpa perubahan`,
    en: (d) => `Invoices ${d.invoices} do not equal the sum of their lines; the billing run was rolled back`,
  },
  PAYMENT_KEY_REUSED: {
    status: 409,
    id: () => 'Kunci pembayaran ini sudah dipakai untuk pembayaran lain (jumlah, tanggal atau sponsor berbeda)',
    en: () => 'This payment key was already used for a different payment (amount, date or sponsor differ)',
  },
  PLEDGE_NOT_COMMITTED: { status: 409, id: (d) => `Komitmen ${d.id} belum disetujui`, en: (d) => `Pledge ${d.id} is not committed` },
  PLEDGE_ALREADY_RENEWED: { status: 409, id: (d) => `Komitmen ${d.id} sudah diperpanjang (komitmen ${d.renewal})`, en: (d) => `Pledge ${d.id} was already renewed (pledge ${d.renewal})` },
  CLAIM_NOT_COVERED: {
    status: 422,
    id: (d) => `Pekerja ini tidak terlindungi program pada ${d.date}: klaim tidak bisa dicatat`,
    en: (d) => `This worker was not covered by the programme on ${d.date}: the claim cannot be recorded`,
  },
  RECONCILIATION_INVALID: {
    status: 422,
    id: (d) => `Berkas bank tidak diterapkan: ${d.count} masalah. Perbaiki lalu unggah lagi; tidak ada yang dicatat.`,
    en: (d) => `The bank file was not applied: ${d.count} problems. Fix them and upload again; nothing was recorded.`,
  },
  FIGURES_INVALID: {
    status: 422,
    id: (d) => `Berkas angka wilayah tidak disimpan: ${d.count} masalah. Perbaiki lalu unggah lagi; tidak ada yang berubah.`,
    en: (d) => `The region figures file was not stored: ${d.count} problems. Fix them and upload again; nothing was changed.`,
  },
  BOUNDARIES_INVALID: {
    status: 422,
    id: (d) => `Batas wilayah (GeoJSON) tidak disimpan: ${d.count} masalah`,
    en: (d) => `The region boundaries (GeoJSON) were not stored: ${d.count} problems`,
  },
  FIGURES_MISSING: {
    status: 409,
    id: (d) => (d.kind === 'workforce' ? 'Belum ada angka angkatan kerja untuk tahun ini: isi dulu di Indikator' : 'Belum ada angka peserta BPJS TK: impor dulu di Indikator'),
    en: (d) => (d.kind === 'workforce' ? 'There is no workforce figure for this year yet: enter it under Indicators' : 'There are no BPJS TK participant figures yet: import them under Indicators'),
  },
  TARGET_MISSING: { status: 409, id: (d) => `Belum ada target UCJ untuk ${d.year}: isi target atau masukkan angka target`, en: (d) => `There is no UCJ target for ${d.year}: set one or give a target figure` },
  REPORT_NOT_FOUND: { status: 404, id: (d) => `Laporan ${d.id} tidak ditemukan`, en: (d) => `Report ${d.id} not found` },
  TARGET_NOT_FOUND: { status: 404, id: (d) => `Target ${d.id} tidak ditemukan`, en: (d) => `Target ${d.id} not found` },
  APPLICATION_THROTTLED: { status: 429, id: () => 'Terlalu banyak pendaftaran dari alamat ini. Coba lagi dalam satu jam.', en: () => 'Too many applications from this address. Try again in an hour.' },
  APPLICATION_PENDING: { status: 409, id: () => 'Sudah ada pendaftaran dengan email ini yang menunggu keputusan', en: () => 'An application with this email is already waiting for a decision' },
  APPLICATION_EMAIL_TAKEN: {
    status: 409,
    id: () => 'Email pendaftar sudah dipakai akun lain: minta pendaftar memakai email lain, atau tambahkan peran sponsor ke akun itu dari halaman Pengguna',
    en: () => "The applicant's email already belongs to an account: ask for another email, or add a sponsor role to that account on the Users page",
  },
  APPLICATION_NOT_FOUND: { status: 404, id: (d) => `Pendaftaran ${d.id} tidak ditemukan`, en: (d) => `Application ${d.id} not found` },
  APPLICATION_DECIDED: { status: 409, id: (d) => `Pendaftaran ${d.id} sudah diputuskan`, en: (d) => `Application ${d.id} has already been decided` },
  PLACEMENT_CONFLICT: {
    status: 409,
    id: () => 'Sebagian pekerja baru saja ditempatkan oleh proses lain untuk bulan yang sama. Jalankan alokasi lagi.',
    en: () => 'Some workers were just placed for the same months by another process. Run the allocation again.',
  },
  PLEDGE_BUDGET_TOO_SMALL: {
    status: 400,
    id: (d) => `Anggaran tidak cukup untuk satu pekerja: perlu minimal Rp${Number(d.needed).toLocaleString('id-ID')}`,
    en: (d) => `The budget does not cover one worker: at least Rp${Number(d.needed).toLocaleString('id-ID')} is needed`,
  },
  RATE_MISSING: { status: 422, id: (d) => `Tidak ada tarif ${d.program} yang berlaku untuk bulan ${d.month}`, en: (d) => `No ${d.program} rate is in force for ${d.month}` },
  INCOME_BELOW_MINIMUM: {
    status: 400,
    id: (d) => `Penghasilan yang dilaporkan minimal Rp${Number(d.minimum).toLocaleString('id-ID')}`,
    en: (d) => `The declared income must be at least Rp${Number(d.minimum).toLocaleString('id-ID')}`,
  },
  RATE_RULE_INVALID: { status: 400, id: (d) => `Aturan tarif tidak valid: ${d.alasan}`, en: (d) => `Invalid rate rule: ${d.reason}` },
  RATE_RULE_EXISTS: { status: 409, id: (d) => `Aturan tarif ${d.code} sudah ada`, en: (d) => `Rate rule ${d.code} already exists` },
  MONTH_INVALID: { status: 400, id: (d) => `Bulan "${d.month}" harus berbentuk 2026-10`, en: (d) => `Month "${d.month}" must look like 2026-10` },
  FILE_TOO_LARGE: { status: 413, id: () => 'Berkas terlalu besar', en: () => 'The file is too large' },
};

/**
 * Where an error happened, without its message: messages of database and parser errors can quote
 * the values (a NIK, a name) that caused them.
 */
export function stackFrames(e: unknown): string {
  const stack = e instanceof Error && e.stack ? e.stack : '';
  return stack
    .split('\n')
    .filter((l) => l.trimStart().startsWith('at '))
    .slice(0, 8)
    .join('\n');
}

export function describeError(code: string, details: Record<string, string | number> = {}) {
  const m = ERROR_MESSAGES[code];
  if (!m) return { status: 500, id: 'Kesalahan internal', en: 'Internal error' };
  return { status: m.status, id: m.id(details), en: m.en(details) };
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    const d = describeError(error.code, error.details);
    if (error instanceof RowsRejected) {
      return reply.status(d.status).send({ error: { code: error.code, message: { id: d.id, en: d.en }, details: { ...error.details, problems: error.problems.slice(0, 500) } } });
    }
    if (error.code === 'LOGIN_THROTTLED') reply.header('retry-after', String(Number(error.details.minutes ?? 1) * 60));
    return reply.status(d.status).send({ error: { code: error.code, message: { id: d.id, en: d.en }, details: error.details } });
  }
  if (error instanceof UnreadableFileError) {
    return reply.status(422).send({ error: { code: error.code, message: { id: error.messageId, en: error.messageEn }, details: {} } });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = [...new Set(error.validation.map((v) => v.instancePath.replace(/^\//, '') || '-'))].join(', ');
    const why = error.validation.map((v) => `${v.instancePath} ${v.message ?? ''}`.trim()).join('; ');
    return reply.status(400).send({
      error: {
        code: 'REQUEST_INVALID',
        message: { id: `Permintaan tidak valid pada: ${where}`, en: `Invalid request: ${why}` },
        details: {},
      },
    });
  }
  if (error.code === 'FST_REQ_FILE_TOO_LARGE' || error.statusCode === 413) {
    const d = describeError('FILE_TOO_LARGE');
    return reply.status(413).send({ error: { code: 'FILE_TOO_LARGE', message: { id: d.id, en: d.en }, details: {} } });
  }
  if (error.statusCode && error.statusCode < 500) {
    return reply.status(error.statusCode).send({ error: { code: error.code ?? 'BAD_REQUEST', message: { id: error.message, en: error.message }, details: {} } });
  }
  // The request's body and the error's message may hold personal data: log the kind, not the content.
  request.log.error({ err: { type: error.name, code: error.code, at: stackFrames(error) } }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'INTERNAL', message: { id: 'Kesalahan internal', en: 'Internal error' }, details: {} } });
}
