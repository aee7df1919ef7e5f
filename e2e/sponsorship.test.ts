// The sponsorship journey in Chromium: a sponsor commits to a pledge; the admin runs the allocation,
// reviews the proposals with their reasons and approves them; the sponsor sees the workers funded,
// by initials only; the admin makes an enrolment batch, the insurer officer downloads it and
// uploads BPJS TK's results; the sponsor sees the workers enrolled; the admin bills the month and
// records the sponsor's payment; the worker's month is paid cover.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { AppShell, describeInBrowser, expectText, logIn, WAIT_MS } from './support/browser.ts';
import { account } from './support/server.ts';
import { browserSuite } from './support/suite.ts';

const PROGRAM = '36.72';

describeInBrowser('sponsorship: pledge, allocation, review', () => {
  const suite = browserSuite({ demoWorkers: 200 });
  const newPage = () => suite.openPage();

  it('takes a committed pledge to approved workers, each with the reason they were chosen, then enrols them', async () => {
    const sponsor = await newPage();
    await logIn(sponsor, account(suite.server, 'sponsor'));
    await expectText(new AppShell(sponsor).pageHeading, 'PT Krakatau Baja Demo');
    await sponsor.getByLabel('Jumlah pekerja').fill('3');
    await sponsor.getByLabel('Lama (bulan)').fill('6');
    await sponsor.getByLabel('Mulai bulan').fill('2027-01');
    await expectText(sponsor.locator('.pledge-total'), 'Total: Rp302.400');
    await sponsor.getByRole('button', { name: 'Simpan sebagai draf' }).click();
    await sponsor.getByRole('button', { name: 'Setujui dengan harga Rp302.400' }).click();
    await expectText(sponsor.locator('.pledge-list .badge').first(), 'disetujui');
    await expectText(sponsor.locator('.pledge-list'), /Belum ada pekerja yang diusulkan/);

    const admin = await newPage();
    await logIn(admin, account(suite.server, 'admin'));
    await new AppShell(admin).navLink('Alokasi').click();
    await expectText(new AppShell(admin).pageHeading, 'Alokasi Sponsor');
    await admin.getByRole('button', { name: 'Jalankan alokasi sekarang' }).click();
    await expectText(admin.getByRole('status').first(), /3 pekerja diusulkan dari \d+ kandidat untuk 1 komitmen/);
    const rows = admin.getByRole('group', { name: 'Tinjauan usulan' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(3);
    // The admin sees why: the lowest desil comes first, and where the worker lives.
    const reasons = await rows.locator('.reason-list').allInnerTexts();
    const desils = reasons.map((r) => Number(/desil (\d+)/.exec(r)?.[1]));
    expect(desils).toEqual([...desils].sort((a, b) => a - b));
    expect(reasons.every((r) => /ring 1|ring 2|wilayah kab\/kota/.test(r) && /menunggu sejak/.test(r))).toBe(true);
    // Masked NIKs only.
    for (const nik of await rows.locator('.nik').allInnerTexts()) expect(nik).toMatch(/^\d{4}•{8}\d{4}$/);
    const names = await rows.locator('td:nth-child(3) a').allInnerTexts();

    await admin.getByRole('checkbox', { name: 'Pilih semua di halaman ini' }).check();
    await expectText(admin.locator('.decision-bar'), /3 dipilih/);
    await admin.getByRole('button', { name: 'Setujui yang dipilih' }).click();
    await expectText(admin.getByText(/penempatan diputuskan/), '3 penempatan diputuskan.');
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(0);
    await admin.getByLabel('Status').selectOption('approved');
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(3);

    // The sponsor sees the three workers as initials, approved, with no desil and no NIK.
    await sponsor.reload();
    const funded = sponsor.getByRole('group', { name: /Pekerja untuk komitmen/ }).locator('tbody tr');
    await expect.poll(() => funded.count(), { timeout: WAIT_MS }).toBe(3);
    const seen = await funded.allInnerTexts();
    for (const [i, row] of seen.entries()) {
      expect(row).toMatch(/disetujui/);
      expect(row).not.toMatch(/desil|\d{4}•/);
      expect(row).not.toContain(names[i]!);
    }
    const initials = await funded.locator('td:first-child').allInnerTexts();
    expect(initials.every((n) => /^(\S•••)( \S•••)*$/.test(n.trim()))).toBe(true);

    // Enrolment: the admin names the NIK column as the BPJS office's template does, then makes the batch.
    await new AppShell(admin).navLink('Pendaftaran BPJS TK').click();
    await admin.getByText('Susunan kolom berkas pendaftaran').click();
    await admin.getByLabel('Judul kolom 1', { exact: true }).fill('NO_KTP');
    await admin.getByRole('button', { name: 'Simpan susunan' }).click();
    await expect.poll(() => admin.getByRole('button', { name: 'Simpan susunan' }).isDisabled(), { timeout: WAIT_MS }).toBe(true);
    await admin.getByRole('button', { name: 'Buat batch dari penempatan yang disetujui' }).click();
    await expectText(admin.getByRole('status').first(), /Batch \d+ dibuat dengan 3 pekerja/);

    // The insurer officer downloads it, with whole NIKs, and uploads the results.
    const insurer = await newPage();
    await logIn(insurer, account(suite.server, 'insurer'));
    await new AppShell(insurer).navLink('Pendaftaran BPJS TK').click();
    const [download] = await Promise.all([insurer.waitForEvent('download', { timeout: WAIT_MS }), insurer.getByRole('link', { name: 'Unduh CSV' }).first().click()]);
    const batch = Papa.parse<string[]>(fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(batch[0]?.slice(0, 2)).toEqual(['NO_KTP', 'NAMA_LENGKAP']);
    const people = batch.slice(1);
    expect(people.map((r) => r[1]).sort()).toEqual([...names].sort());
    expect(people.every((r) => /^\d{16}$/.test(r[0]!))).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sekitar-e2e-'));
    const results = path.join(dir, 'hasil-bpjstk.csv');
    // Two accepted with their KPJ and TMT; one declined with the reason.
    fs.writeFileSync(
      results,
      ['NIK;No KPJ;TMT;Status;Keterangan', `${people[0]![0]};12345678901;01/01/2027;Diterima;`, `${people[1]![0]};12345678902;01/01/2027;Diterima;`, `${people[2]![0]};;;Ditolak;Sudah terdaftar aktif`].join('\r\n'),
    );
    await insurer.getByLabel('Berkas hasil dari BPJS TK (CSV atau XLSX)').first().setInputFiles(results);
    await insurer.getByRole('button', { name: 'Unggah hasil' }).first().click();
    await expectText(insurer.getByRole('status').first(), 'Hasil diterapkan: 2 diterima, 1 ditolak, 0 tidak berubah, 0 masih menunggu.');
    fs.rmSync(dir, { recursive: true, force: true });

    // The sponsor sees two enrolled and one declined by BPJS TK.
    await sponsor.reload();
    await expect.poll(async () => (await funded.locator('.badge[class*="badge-placement"]').allInnerTexts()).sort(), { timeout: WAIT_MS }).toEqual([
      'ditolak BPJS TK',
      'terdaftar di BPJS TK',
      'terdaftar di BPJS TK',
    ]);

    // Billing January 2027: one invoice for the sponsor, two workers x (JKK + JKM).
    await new AppShell(admin).navLink('Penagihan').click();
    await admin.getByLabel('Bulan penagihan').fill('2027-01');
    await admin.getByRole('button', { name: 'Jalankan penagihan' }).click();
    await expectText(admin.getByRole('status').first(), /^Penagihan 2027-01: 1 tagihan, 4 baris iuran, total Rp[\d.]+; 0 kepesertaan berakhir\.$/);

    // The admin records the sponsor's transfer on the sponsor's page; the invoice is paid.
    await new AppShell(admin).navLink('Sponsor').click();
    // The programme's pledges: two of three places hold an enrolled worker (one was declined).
    await expectText(admin.getByRole('group', { name: 'Semua komitmen program' }).locator('tbody tr').first(), /2 \/ 3\s+2\s+Rp302\.400/);
    await admin.getByRole('link', { name: 'PT Krakatau Baja Demo' }).first().click();
    const invoiceRow = admin.getByRole('group', { name: 'Tagihan' }).locator('tbody tr').first();
    await expectText(invoiceRow.locator('.badge'), 'belum dibayar');
    const owed = Number((await invoiceRow.locator('td').nth(2).innerText()).replace(/\D/g, ''));
    expect(owed).toBeGreaterThanOrEqual(2 * 8_400);
    await admin.getByLabel('Jumlah (Rp)').fill(String(owed));
    await admin.getByLabel('Referensi (nomor transaksi)').fill('TRF-2027-0001');
    await admin.getByRole('button', { name: /^Catat pembayaran Rp/ }).click();
    await expectText(admin.getByRole('status').last(), 'Pembayaran dicatat dan dipakai untuk tagihan tertua lebih dulu.');
    await expectText(invoiceRow.locator('.badge'), 'lunas');

    // Paid cover: the enrolled worker's January is paid.
    const enrolledName = people[0]![1]!;
    await admin.goto(`/p/${PROGRAM}/alokasi`);
    await admin.getByLabel('Status').selectOption('enrolled');
    await admin.getByRole('link', { name: enrolledName }).click();
    await expectText(admin.locator('.cover-month').first(), /2027-01\s+dibayar/);

    // The sponsor sees the invoice paid.
    await sponsor.reload();
    await expectText(sponsor.getByRole('group', { name: 'Tagihan' }).locator('tbody tr .badge').first(), 'lunas');
  });

  it('lets a company register itself; once the admin approves, its contact logs in with the password they chose', async () => {
    const visitor = await newPage();
    await visitor.goto('/masuk');
    await visitor.getByRole('link', { name: 'Belum punya akun sponsor? Daftar di sini' }).click();
    await expectText(visitor.getByRole('heading', { level: 1 }), 'Daftar sebagai sponsor');
    await visitor.getByLabel('Nama perusahaan, lembaga atau perorangan').fill('PT Pelabuhan Merak Demo');
    await visitor.getByLabel('NIB (13 digit, boleh dikosongkan)').fill('1234567890123');
    await visitor.getByLabel('Alamat', { exact: true }).fill('Jl. Raya Merak 1');
    await expect.poll(() => visitor.getByLabel('Kelurahan/desa lokasi (menentukan ring 1)').locator('option').count(), { timeout: WAIT_MS }).toBeGreaterThan(10);
    await visitor.getByLabel('Kelurahan/desa lokasi (menentukan ring 1)').selectOption({ index: 3 });
    await visitor.getByLabel('Nama penanggung jawab').fill('Rina Marlina');
    await visitor.getByLabel('Email (untuk masuk)').fill('rina@pelabuhan-merak.co.id');
    await visitor.getByLabel('Kata sandi (minimal 10 karakter)').fill('sandi-pilihan-rina-2026');
    await visitor.getByRole('button', { name: 'Kirim pendaftaran' }).click();
    await expectText(visitor.getByRole('heading', { level: 1 }), 'Pendaftaran terkirim');

    const admin = await newPage();
    await logIn(admin, account(suite.server, 'admin'));
    await new AppShell(admin).navLink('Sponsor').click();
    await expectText(admin.locator('#applications-title'), 'Pendaftaran sponsor menunggu keputusan');
    await admin.getByRole('button', { name: 'Setujui', exact: true }).click();
    await expectText(admin.getByRole('status').first(), 'PT Pelabuhan Merak Demo disetujui: sponsor dan akunnya sudah dibuat.');
    await expectText(admin.getByRole('link', { name: 'PT Pelabuhan Merak Demo' }), 'PT Pelabuhan Merak Demo');

    const rina = await newPage();
    await logIn(rina, { email: 'rina@pelabuhan-merak.co.id', password: 'sandi-pilihan-rina-2026' });
    await expectText(new AppShell(rina).pageHeading, 'PT Pelabuhan Merak Demo');
    expect(await new AppShell(rina).navLinkNames()).toEqual(['Sponsor Saya']);
  });
});
