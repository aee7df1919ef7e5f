// The sekitar command: the same services as the server, for operators and scripts.
// Exit codes of import: 0 nothing rejected, 1 rows rejected, 2 the file (or the request) cannot be
// processed at all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { loadConfig } from '../server/config.ts';
import type { AppContext } from '../server/context.ts';
import { ROLES, systemActor, type Role } from '../server/modules/access/actor.ts';
import { normaliseEmail } from '../server/modules/access/auth.service.ts';
import { createUser, resetPassword } from '../server/modules/access/users.service.ts';
import { recordAudit, verifyAudit } from '../server/modules/audit/audit.ts';
import { requireProgram } from '../server/modules/programs/programs.service.ts';
import { FUNDINGS, MIN_DECLARED_INCOME, type Funding, type Package } from '../server/modules/rates/rates.ts';
import { listRateRules } from '../server/modules/rates/rates.repository.ts';
import { addRateRule, quotePledge } from '../server/modules/rates/rates.service.ts';
import { eraseSubject, exportSubject, findSubject } from '../server/modules/fieldwork/subject-requests.service.ts';
import { correctWorker, CORRECTABLE_FIELDS } from '../server/modules/fieldwork/worker-edits.service.ts';
import { KeyringError, loadKeyring, saveKeyring, type Keyring } from '../server/crypto/keyring.ts';
import { openDatabase, type Database } from '../server/db/database.ts';
import { prepareDatabase } from '../server/db/setup.ts';
import { DomainError, RowsRejected } from '../server/domain-error.ts';
import { describeError, stackFrames } from '../server/http/errors.ts';
import { UnreadableFileError } from '../server/modules/imports/file-reader.ts';
import { createImport, finishImport, parseSource, stageImport } from '../server/modules/imports/imports.service.ts';
import { writeErrorReport } from '../server/modules/imports/import-report.ts';
import { createProgram } from '../server/modules/programs/programs.service.ts';
import { runAllocation } from '../server/modules/allocation/allocation.service.ts';
import { applyResults, createBatch, writeBatchFile } from '../server/modules/enrolment/enrolment.service.ts';
import { exportWorkers } from '../server/modules/registry/registry-export.ts';
import { seedDemo } from '../server/modules/demo/demo.service.ts';
import { demoRegion } from '../server/modules/demo/demo.service.ts';
import { writeDemoCsv } from '../server/modules/demo/demo-data.ts';
import { rotateKeys } from '../server/modules/keys/keys.service.ts';

const fmt = new Intl.NumberFormat('id-ID');

async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const keyring = loadKeyring({ keys: config.keys, dataDir: config.dataDir });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
  try {
    await prepareDatabase(database, keyring);
    return await fn({ database, keyring });
  } finally {
    await database.close();
  }
}

async function withDatabase<T>(fn: (db: Database, keyring: AppContext['keyring']) => Promise<T>): Promise<T> {
  return withContext((ctx) => fn(ctx.database, ctx.keyring));
}

/** The operator at this machine, as the audit trail names them. */
const operator = () => systemActor(`cli:${os.userInfo().username}`);

/** Prints an error in both languages and sets the exit code. Never prints row values. */
function fail(e: unknown, code: number): void {
  if (e instanceof UnreadableFileError) {
    console.error(`Galat / error: ${e.messageId}\n  ${e.messageEn}`);
  } else if (e instanceof KeyringError) {
    console.error(`Galat / error: ${e.message}`);
  } else if (e instanceof DomainError) {
    const d = describeError(e.code, e.details);
    console.error(`Galat / error [${e.code}]: ${d.id}\n  ${d.en}`);
  } else {
    // The message of a database or parser error can quote the values that caused it: the kind and
    // where it happened only.
    const err = e as { name?: string; code?: string };
    console.error(`Galat internal / internal error: ${err?.name ?? 'Error'}${err?.code ? ` ${err.code}` : ''}\n${stackFrames(e)}`);
  }
  process.exitCode = code;
}

const progress = (label: string) => (rows: number) => process.stderr.write(`${label}: ${fmt.format(rows)} baris/rows\n`);

const program = new Command('sekitar').description('Sekitar: registri pekerja rentan / vulnerable-worker registry');

const programCmd = program.command('program').description('Program per kab/kota');
programCmd
  .command('create')
  .requiredOption('--region <code>', 'kode kab/kota Kemendagri, mis. 36.72 / Kemendagri kab/kota code, e.g. 36.72')
  .requiredOption('--name <name>', 'nama program / program name')
  .option('--legal-basis <text>', 'dasar hukum / legal basis', '')
  .action(async (o: { region: string; name: string; legalBasis: string }) => {
    try {
      const p = await withContext((ctx) => createProgram(ctx, operator(), { regionCode: o.region, name: o.name, legalBasis: o.legalBasis }));
      console.log(`Program dibuat / program created: ${p.name} (${p.regionCode} ${p.regionName})`);
    } catch (e) {
      fail(e, 2);
    }
  });

program
  .command('import <file>')
  .description('Impor berkas CSV/XLSX ke registri / import a CSV/XLSX file into the registry')
  .requiredOption('--program <code>', 'kode kab/kota program / program kab/kota code')
  .addOption(new Option('--source <source>', 'sumber data / data source').choices(['DTSEN', 'P3KE', 'DTKS', 'DESA', 'LAPANGAN']).default('DTSEN'))
  .option('--dry-run', 'periksa saja, tidak menyimpan / check only, save nothing', false)
  .option('--valid-only', 'simpan baris yang valid saja / save the valid rows only', false)
  .option('--report <errors.csv>', 'tulis laporan kesalahan / write the error report')
  .action(async (file: string, o: { program: string; source: string; dryRun: boolean; validOnly: boolean; report?: string }) => {
    try {
      const counts = await withContext(async ({ database: db, keyring }) => {
        const imp = await createImport(db, {
          programCode: o.program,
          filePath: path.resolve(file),
          fileName: path.basename(file),
          source: parseSource(o.source),
          actor: operator(),
        });
        const staged = await stageImport(db, keyring, imp.id, { onProgress: progress('membaca / reading') });
        const result = await finishImport(db, imp.id, { dryRun: o.dryRun, validOnly: o.validOnly, actor: operator(), keys: keyring });
        if (o.report) {
          const out = fs.createWriteStream(o.report);
          await writeErrorReport(db, imp.id, out);
          process.stderr.write(`Laporan kesalahan / error report: ${o.report}\n`);
        }
        if (staged.duplicates > 0) process.stderr.write(`Baris ganda digabung / duplicate rows merged: ${staged.duplicates}\n`);
        if (!result.committed && !o.dryRun) {
          process.stderr.write(
            'Tidak ada yang disimpan karena ada baris ditolak; perbaiki atau pakai --valid-only.\n' +
              'Nothing was saved because rows were rejected; fix them or use --valid-only.\n',
          );
        }
        if (o.dryRun) process.stderr.write('Uji coba: tidak ada yang disimpan / dry run: nothing was saved\n');
        return result;
      });
      const shown = counts.committed || o.dryRun ? counts : { ...counts, imported: 0, updated: 0, unchanged: 0 };
      console.log(`imported ${shown.imported}, updated ${shown.updated}, unchanged ${shown.unchanged}, rejected ${shown.rejected}`);
      process.exitCode = counts.rejected > 0 ? 1 : 0;
    } catch (e) {
      fail(e, 2);
    }
  });

const exportCmd = program.command('export').description('Ekspor data / export data');
exportCmd
  .command('workers')
  .requiredOption('--program <code>', 'kode kab/kota program')
  .addOption(new Option('--format <format>', 'csv atau xlsx').choices(['csv', 'xlsx']).default('csv'))
  .option('--output <file>', 'berkas tujuan (bawaan: stdout untuk csv) / output file (default: stdout for csv)')
  .option('--reveal', 'NIK dan nomor HP utuh, bukan tersamar / whole NIKs and phone numbers instead of masked ones', false)
  .action(async (o: { program: string; format: 'csv' | 'xlsx'; output?: string; reveal: boolean }) => {
    try {
      if (o.format === 'xlsx' && !o.output) throw new DomainError('EXPORT_OUTPUT_REQUIRED');
      const n = await withContext((ctx) => {
        // Whole NIKs leave the machine: the audit trail says who, when and for which program.
        const reveal = {
          onReveal: async (e: { programId: number; programCode: string; format: string }) => {
            await recordAudit(ctx.database.db, ctx.keyring, operator(), { action: 'worker.export_reveal', entity: 'program', entityId: e.programId, programId: e.programId, after: { format: e.format } });
            process.stderr.write('NIK dan nomor HP diekspor utuh (tercatat di jejak audit) / whole NIKs and phone numbers are exported (written to the audit trail)\n');
          },
        };
        return exportWorkers(ctx.database, ctx.keyring, o.program, o.format, o.output ? fs.createWriteStream(o.output, { mode: 0o600 }) : process.stdout, o.reveal ? { reveal } : {});
      });
      process.stderr.write(`Diekspor / exported: ${fmt.format(n)} pekerja/workers\n`);
    } catch (e) {
      fail(e, 2);
    }
  });

program
  .command('demo')
  .description('Buat data demo sintetis / make synthetic demo data')
  .option('--workers <n>', 'jumlah pekerja / number of workers', '20000')
  .option('--program <code>', 'kode kab/kota', '36.72')
  .option('--seed <n>', 'benih acak / random seed', '1')
  .option('--output <file.csv>', 'hanya tulis CSV, tanpa impor / only write the CSV, no import')
  .action(async (o: { workers: string; program: string; seed: string; output?: string }) => {
    try {
      const n = Number.parseInt(o.workers, 10);
      if (!Number.isInteger(n) || n < 1) throw new Error('--workers harus bilangan bulat positif / must be a positive integer');
      await withContext(async (ctx) => {
        if (o.output) {
          await writeDemoCsv(o.output, await demoRegion(ctx.database, o.program), n, Number(o.seed));
          console.log(`Ditulis / written: ${o.output} (${fmt.format(n)} baris/rows)`);
          return;
        }
        const c = await seedDemo(ctx, { workers: n, regionCode: o.program, seed: Number(o.seed), onProgress: progress('demo') });
        console.log(`imported ${c.imported}, updated ${c.updated}, unchanged ${c.unchanged}, rejected ${c.rejected}`);
      });
    } catch (e) {
      fail(e, 2);
    }
  });

const userCmd = program.command('user').description('Pengguna / users');
userCmd
  .command('create')
  .description('Buat pengguna atau tambah peran / create a user or add a role')
  .addOption(new Option('--role <role>', 'peran / role').choices([...ROLES]).makeOptionMandatory())
  .requiredOption('--program <code>', 'kode kab/kota program / program kab/kota code')
  .requiredOption('--email <email>', 'email')
  .option('--name <name>', 'nama / name')
  .option('--sponsor <id>', 'id sponsor (peran sponsor) / sponsor id (sponsor role)')
  .option('--kelurahan <codes>', 'kode kelurahan, dipisah koma (petugas lapangan) / comma-separated kelurahan codes (field agent)')
  .action(async (o: { role: Role; program: string; email: string; name?: string; sponsor?: string; kelurahan?: string }) => {
    try {
      const r = await withContext(async (ctx) => {
        const p = await requireProgram(ctx.database.db, o.program);
        return createUser(ctx, operator(), {
          email: o.email,
          name: o.name ?? normaliseEmail(o.email).split('@')[0]!,
          role: o.role,
          programId: p.id,
          sponsorId: o.sponsor ? Number(o.sponsor) : null,
          kelurahan: o.kelurahan ? o.kelurahan.split(',').map((k) => k.trim()).filter(Boolean) : [],
        });
      });
      if (r.temporaryPassword) {
        console.log(`Pengguna dibuat / user created: ${normaliseEmail(o.email)} (${o.role}, ${o.program})`);
        console.log(`Kata sandi sementara / temporary password: ${r.temporaryPassword}`);
        console.log('Wajib diganti saat pertama masuk / must be changed at first login');
      } else {
        console.log(`Peran ditambahkan / role added: ${normaliseEmail(o.email)} (${o.role}, ${o.program})`);
      }
    } catch (e) {
      fail(e, 2);
    }
  });
userCmd
  .command('reset-password')
  .description('Kata sandi sementara baru / new temporary password')
  .requiredOption('--email <email>', 'email')
  .action(async (o: { email: string }) => {
    try {
      const r = await withContext(async (ctx) => {
        const u = await ctx.database.db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', normaliseEmail(o.email))).executeTakeFirst();
        if (!u) throw new DomainError('USER_NOT_FOUND', { id: normaliseEmail(o.email) });
        return resetPassword(ctx, operator(), Number(u.id));
      });
      console.log(`Kata sandi sementara / temporary password: ${r.temporaryPassword}`);
    } catch (e) {
      fail(e, 2);
    }
  });

const auditCmd = program.command('audit').description('Jejak audit / audit trail');
auditCmd
  .command('verify')
  .description('Periksa rantai hash jejak audit / check the audit trail hash chain')
  .action(async () => {
    try {
      const r = await withContext((ctx) => verifyAudit(ctx.database.db, ctx.keyring));
      if (r.ok) {
        console.log(`Jejak audit utuh / audit trail intact: ${fmt.format(r.entries)} catatan/entries`);
        console.log(`Hash terakhir / head hash: ${r.head}`);
        process.exitCode = 0;
      } else {
        console.error(`Jejak audit RUSAK pada catatan #${r.brokenAt?.id} (${r.brokenAt?.reason === 'link' ? 'rantai terputus' : 'isi berubah'})`);
        console.error(`Audit trail BROKEN at entry #${r.brokenAt?.id} (${r.brokenAt?.reason === 'link' ? 'chain link broken' : 'content changed'})`);
        process.exitCode = 1;
      }
    } catch (e) {
      fail(e, 2);
    }
  });

// Data-subject requests. A NIK on the command line stays in the shell's history: `--nik -` reads it
// from standard input instead.
async function nikArgument(value: string): Promise<string> {
  if (value !== '-') return value;
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.trim();
}

async function subjectOf(ctx: AppContext, programCode: string, nikValue: string): Promise<number> {
  const p = await requireProgram(ctx.database.db, programCode);
  const found = await findSubject(ctx, operator(), p.id, await nikArgument(nikValue));
  if (!found) throw new DomainError('SUBJECT_NOT_FOUND');
  return found.workerId;
}

const subjectCmd = program.command('subject').description('Permintaan subjek data (UU 27/2022) / data-subject requests');
subjectCmd
  .command('export')
  .description('Semua data tentang satu NIK, sebagai JSON / everything held about one NIK, as JSON')
  .requiredOption('--program <code>', 'kode kab/kota program / program kab/kota code')
  .requiredOption('--nik <nik>', "NIK, atau '-' untuk membaca dari stdin / NIK, or '-' to read it from stdin")
  .option('--output <file>', 'berkas tujuan (bawaan: stdout) / output file (default: stdout)')
  .action(async (o: { program: string; nik: string; output?: string }) => {
    try {
      const doc = await withContext(async (ctx) => exportSubject(ctx, operator(), await subjectOf(ctx, o.program, o.nik)));
      const text = JSON.stringify(doc, null, 2) + '\n';
      if (o.output) fs.writeFileSync(o.output, text, { mode: 0o600 });
      else process.stdout.write(text);
    } catch (e) {
      fail(e, 2);
    }
  });
subjectCmd
  .command('correct')
  .description('Perbaiki data satu NIK / correct the data of one NIK')
  .requiredOption('--program <code>', 'kode kab/kota program / program kab/kota code')
  .requiredOption('--nik <nik>', "NIK, atau '-' untuk membaca dari stdin / NIK, or '-' to read it from stdin")
  .option('--set <field=value...>', 'mis. name="Siti Aminah" birthDate=1990-04-05 phone= (kosong menghapus / empty clears)')
  .action(async (o: { program: string; nik: string; set?: string[] }) => {
    try {
      const fields: Record<string, string | number | null> = {};
      for (const pair of o.set ?? []) {
        const at = pair.indexOf('=');
        if (at < 1) throw new DomainError('FIELD_INVALID', { field: pair, alasan: 'tulis field=nilai', reason: 'write field=value' });
        const key = pair.slice(0, at);
        const value = pair.slice(at + 1);
        if (!(CORRECTABLE_FIELDS as string[]).includes(key)) {
          throw new DomainError('FIELD_INVALID', { field: key, alasan: `bukan salah satu dari ${CORRECTABLE_FIELDS.join(', ')}`, reason: `not one of ${CORRECTABLE_FIELDS.join(', ')}` });
        }
        fields[key] = value === '' ? null : key === 'desil' ? Number(value) : value;
      }
      const changed = await withContext(async (ctx) => correctWorker(ctx, operator(), await subjectOf(ctx, o.program, o.nik), fields));
      console.log(changed.length ? `Diperbaiki / corrected: ${changed.join(', ')}` : 'Tidak ada yang berubah / nothing changed');
    } catch (e) {
      fail(e, 2);
    }
  });
subjectCmd
  .command('erase')
  .description('Hapus atau anonimkan data satu NIK / erase or anonymise the data of one NIK')
  .requiredOption('--program <code>', 'kode kab/kota program / program kab/kota code')
  .requiredOption('--nik <nik>', "NIK, atau '-' untuk membaca dari stdin / NIK, or '-' to read it from stdin")
  .addOption(new Option('--mode <mode>', 'erase atau anonymise').choices(['erase', 'anonymise']).default('anonymise'))
  .requiredOption('--reason <text>', 'dasar permintaan / basis of the request')
  .action(async (o: { program: string; nik: string; mode: 'erase' | 'anonymise'; reason: string }) => {
    try {
      const r = await withContext(async (ctx) => eraseSubject(ctx, operator(), await subjectOf(ctx, o.program, o.nik), { mode: o.mode, reason: o.reason }));
      console.log(r.done === 'erased' ? 'Data dihapus / data erased' : 'Data dianonimkan / data anonymised');
    } catch (e) {
      fail(e, 2);
    }
  });

const ratesCmd = program.command('rates').description('Tarif iuran / contribution rates');
ratesCmd
  .command('list')
  .description('Aturan tarif dengan masa berlaku dan dasar hukum / rate rules with their periods and legal basis')
  .action(async () => {
    try {
      const rules = await withContext((ctx) => listRateRules(ctx.database.db));
      for (const r of rules) console.log(`${r.code}\t${r.kind}\t${r.programs.join('+')}\t${r.value}\t${r.from}..${r.to ?? ''}\t${r.legalBasis}`);
    } catch (e) {
      fail(e, 2);
    }
  });
ratesCmd
  .command('add <rule.json>')
  .description('Tambah aturan tarif (regulasi baru) / add a rate rule (a new regulation)')
  .action(async (file: string) => {
    try {
      const input: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      const r = await withContext((ctx) => addRateRule(ctx, operator(), input));
      console.log(`Aturan ditambahkan / rule added: ${r.code} (${r.from}..${r.to ?? ''})`);
    } catch (e) {
      fail(e, 2);
    }
  });
ratesCmd
  .command('quote')
  .description('Harga per bulan / price month by month')
  .requiredOption('--start <YYYY-MM>', 'bulan mulai / first month')
  .requiredOption('--months <n>', 'jumlah bulan / number of months')
  .option('--workers <n>', 'jumlah pekerja / number of workers', '1')
  .option('--income <rupiah>', 'penghasilan dilaporkan / declared income', String(MIN_DECLARED_INCOME))
  .addOption(new Option('--package <p>', 'paket / package').choices(['JKK_JKM', 'JKK_JKM_JHT']).default('JKK_JKM'))
  .option('--sector <sector>', 'sektor pekerjaan / occupation sector', 'other')
  .addOption(new Option('--funding <f>', 'sumber dana / funding').choices([...FUNDINGS]).default('csr'))
  .action(async (o: { start: string; months: string; workers: string; income: string; package: Package; sector: string; funding: Funding }) => {
    try {
      const q = await withContext((ctx) =>
        quotePledge(ctx, { start: o.start, months: Number(o.months), workers: Number(o.workers), income: Number(o.income), package: o.package, sector: o.sector, funding: o.funding }),
      );
      for (const m of q.months) console.log(`${m.month}\tRp${fmt.format(m.total)}${m.discounted ? '\t(diskon / discount)' : ''}`);
      console.log(`total Rp${fmt.format(q.total)}`);
    } catch (e) {
      fail(e, 2);
    }
  });

program
  .command('allocate')
  .description('Usulkan pekerja untuk komitmen terbuka / propose workers for open pledges')
  .requiredOption('--program <code>', 'kode kab/kota program / program region code')
  .option('--pledge <id...>', 'hanya komitmen ini / only these pledges')
  .option('--as-of <YYYY-MM>', 'bulan acuan kesinambungan / month continuity is judged from')
  .action(async (o: { program: string; pledge?: string[]; asOf?: string }) => {
    try {
      const run = await withContext(async (ctx) => {
        const p = await requireProgram(ctx.database.db, o.program);
        return runAllocation(ctx, operator(), p.id, { ...(o.pledge ? { pledgeIds: o.pledge.map(Number) } : {}), ...(o.asOf ? { asOf: o.asOf } : {}) });
      });
      for (const p of run.pledges) console.log(`komitmen / pledge ${p.pledgeId}: ${fmt.format(p.proposed)} / ${fmt.format(p.slots)}`);
      console.log(`run ${run.runId}: candidates ${run.candidates}, proposed ${run.proposed}, unfilled ${run.pledges.reduce((s, p) => s + p.slots - p.proposed, 0)}`);
    } catch (e) {
      fail(e, 2);
    }
  });

const enrolCmd = program.command('enrolment').description('Pendaftaran ke BPJS TK / enrolment with BPJS TK');
enrolCmd
  .command('batch')
  .description('Buat batch dari penempatan yang disetujui / make a batch of approved placements')
  .requiredOption('--program <code>', 'kode kab/kota program / program region code')
  .action(async (o: { program: string }) => {
    try {
      const b = await withContext(async (ctx) => createBatch(ctx, operator(), (await requireProgram(ctx.database.db, o.program)).id));
      console.log(`batch ${b.id}: ${b.placements} penempatan / placements`);
    } catch (e) {
      fail(e, 2);
    }
  });
enrolCmd
  .command('file <batch>')
  .description('Tulis berkas batch (NIK lengkap, tercatat di audit) / write the batch file (whole NIKs, audited)')
  .addOption(new Option('--format <f>', 'format').choices(['csv', 'xlsx']).default('xlsx'))
  .requiredOption('--output <file>', 'berkas tujuan / output file')
  .action(async (batch: string, o: { format: 'csv' | 'xlsx'; output: string }) => {
    try {
      const n = await withContext((ctx) => writeBatchFile(ctx, operator(), Number(batch), o.format, fs.createWriteStream(o.output, { mode: 0o600 })));
      console.log(`${n} baris / rows -> ${o.output}`);
    } catch (e) {
      fail(e, 2);
    }
  });
enrolCmd
  .command('results <batch> <file>')
  .description('Terapkan berkas hasil BPJS TK / apply the BPJS TK results file')
  .action(async (batch: string, file: string) => {
    try {
      const r = await withContext((ctx) => applyResults(ctx, operator(), Number(batch), file));
      console.log(`accepted ${r.accepted}, declined ${r.declined}, unchanged ${r.unchanged}, pending ${r.pending}`);
    } catch (e) {
      if (e instanceof RowsRejected) {
        for (const p of e.problems) console.error(`baris/row ${p.row}, ${p.column} "${p.value}": ${p.id} / ${p.en}`);
        fail(e, 1);
      } else fail(e, 2);
    }
  });

const keysCmd = program.command('keys').description('Kunci data pribadi / personal-data keys');
keysCmd
  .command('rotate')
  .description(
    'Kunci baru: enkripsi ulang NIK dan nomor HP semua pekerja / new key: re-encrypt every worker\'s NIK and phone number. ' +
      'Hentikan server dulu (basis data bawaan) atau mulai ulang sesudahnya / stop the server first (embedded database) or restart it afterwards',
  )
  .option('--drop-old', 'hapus kunci lama dari berkas kunci (cadangan lama tidak terbaca lagi) / remove old keys from the key file (older backups become unreadable)', false)
  .action(async (o: { dropOld: boolean }) => {
    try {
      const r = await withContext(({ database, keyring }) => rotateKeys(database, keyring, { dropOld: o.dropOld, onProgress: progress('kunci / keys') }));
      if (r.dropped.length > 0) process.stderr.write(`Kunci lama dihapus / old keys removed: ${r.dropped.join(', ')}\n`);
      console.log(`rotated ${r.from} -> ${r.to}: workers ${r.workers}, staged rows ${r.stagedRows} (${r.stagedImports} imports)`);
    } catch (e) {
      fail(e, 2);
    }
  });

keysCmd
  .command('rotate-audit')
  .description(
    'Kunci jejak audit baru; mulai ulang server sesudahnya / a new audit-trail key; restart the server afterwards',
  )
  .action(async () => {
    try {
      const id = await withContext(async (ctx) => {
        const before = ctx.keyring.auditKeyId;
        const next = ctx.keyring.rotateAuditKey();
        saveKeyring(ctx.keyring);
        // The first entry under the new key records the change itself.
        await recordAudit(ctx.database.db, ctx.keyring, operator(), { action: 'audit.key_rotate', entity: 'audit_key', entityId: next, before: { keyId: before }, after: { keyId: next } });
        return next;
      });
      console.log(`Kunci audit baru / new audit key: ${id}. Mulai ulang server / restart the server.`);
    } catch (e) {
      fail(e, 2);
    }
  });

program
  .command('migrate')
  .description('Jalankan migrasi basis data / run database migrations')
  .action(async () => {
    try {
      await withDatabase(async () => undefined);
      console.log('Basis data mutakhir / database up to date');
    } catch (e) {
      fail(e, 2);
    }
  });

await program.parseAsync(process.argv);
