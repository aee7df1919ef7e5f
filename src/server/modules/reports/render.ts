// Copies of a stored report: PDF (letterhead, figures, tables, signature block, QR code to the
// verification page) and XLSX (a summary sheet and one sheet per table). Rendered from the stored
// content only, so every copy of a report says the same.
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { spreadsheetSafe } from '../../spreadsheet.ts';
import type { Figure, ReportContent } from './reports.service.ts';

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const group = (n: number) => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const monthName = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;
const dayName = (d: string) => `${Number(d.slice(8, 10))} ${monthName(d.slice(0, 7))}`;

/** 'Januari 2026' or 'Januari – Maret 2026' */
export function periodText(p: { from: string; to: string }): string {
  if (p.from === p.to) return monthName(p.from);
  return p.from.slice(0, 4) === p.to.slice(0, 4) ? `${MONTHS[Number(p.from.slice(5, 7)) - 1]} – ${monthName(p.to)}` : `${monthName(p.from)} – ${monthName(p.to)}`;
}

/** A figure as the report prints it: Rp 16.800, 43,5%, 27.377. */
export function figureText(f: Figure): string {
  if (typeof f.value === 'string') return f.value;
  if (f.unit === 'rupiah') return `Rp ${group(f.value)}`;
  if (f.unit === 'percent') return `${f.value.toFixed(1).replace('.', ',')}%`;
  return group(f.value);
}

const cellText = (v: string | number, numeric?: boolean) => (typeof v === 'number' && numeric ? group(v) : String(v));

/** The PDF of a report; `verifyUrl` is what its QR code opens. */
export async function renderPdf(c: ReportContent, verifyUrl: string): Promise<Buffer> {
  const qr = await QRCode.toBuffer(verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${c.title.id} - ${c.sponsor?.name ?? c.program.name} - ${periodText(c.period)}`, Author: `${c.program.name}, ${c.program.regionName}`, Creator: 'Sekitar' } });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 100;

  // Letterhead
  doc.font('Helvetica-Bold').fontSize(13).text(`PEMERINTAH ${c.program.regionName.toUpperCase()}`, { align: 'center' });
  doc.fontSize(11).text(`Program ${c.program.name}`, { align: 'center' });
  doc.font('Helvetica').fontSize(8.5).text(c.program.legalBasis || ' ', { align: 'center' });
  doc.moveDown(0.3);
  doc.moveTo(50, doc.y).lineTo(50 + width, doc.y).lineWidth(1.5).stroke();
  doc.moveDown(0.8);

  doc.font('Helvetica-Bold').fontSize(14).text(c.title.id, { align: 'center' });
  doc.font('Helvetica-Oblique').fontSize(9).text(c.title.en, { align: 'center' });
  doc.moveDown(0.5);
  doc.font('Helvetica').fontSize(10);
  if (c.sponsor) doc.text(`${c.kind === 'certificate' ? 'Diberikan kepada' : 'Sponsor'}: ${c.sponsor.name}`, { align: 'center' });
  doc.text(`Periode / period: ${periodText(c.period)}`, { align: 'center' });
  doc.moveDown();

  if (c.kind === 'certificate' && c.sponsor) {
    doc.fontSize(11).text(
      `Atas kepedulian membiayai perlindungan Jaminan Kecelakaan Kerja dan Jaminan Kematian BPJS Ketenagakerjaan bagi pekerja rentan di ${c.program.regionName}.`,
      { align: 'center' },
    );
    doc.moveDown();
  }

  // Figures
  doc.font('Helvetica-Bold').fontSize(11).text('Ringkasan / Summary');
  doc.moveDown(0.3);
  for (const f of c.figures) {
    const y = doc.y;
    doc.font('Helvetica').fontSize(10).text(`${f.id} / ${f.en}`, 50, y, { width: width * 0.65 });
    doc.font('Helvetica-Bold').text(figureText(f), 50 + width * 0.65, y, { width: width * 0.35, align: 'right' });
    doc.moveDown(0.2);
  }
  doc.moveDown(0.6);

  // Tables
  for (const t of c.tables) {
    if (doc.y > doc.page.height - 150) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(11).text(`${t.id} / ${t.en}`, 50);
    doc.moveDown(0.2);
    const colWidth = width / t.columns.length;
    const row = (cells: string[], bold: boolean) => {
      if (doc.y > doc.page.height - 80) doc.addPage();
      const y = doc.y;
      let bottom = y;
      cells.forEach((text, i) => {
        doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5).text(text, 50 + i * colWidth, y, { width: colWidth - 4, align: t.columns[i]?.numeric ? 'right' : 'left' });
        bottom = Math.max(bottom, doc.y);
      });
      doc.x = 50;
      doc.y = bottom + 2;
    };
    row(t.columns.map((col) => col.id), true);
    if (t.rows.length === 0) row(['(tidak ada / none)'], false);
    for (const r of t.rows) row(r.map((v, i) => cellText(v, t.columns[i]?.numeric)), false);
    doc.moveDown(0.8);
  }

  // Signature block and QR code
  if (doc.y > doc.page.height - 190) doc.addPage();
  const top = doc.y + 10;
  const city = c.program.regionName.replace(/^(Kota|Kabupaten)\s+/, '');
  doc.font('Helvetica').fontSize(10).text(`${city}, ${dayName(c.issued)}`, 50 + width * 0.55, top, { width: width * 0.45 });
  doc.text('Kepala Dinas Tenaga Kerja', { width: width * 0.45 });
  doc.moveDown(3.5);
  doc.text('( ............................................. )', { width: width * 0.45 });
  doc.image(qr, 50, top, { width: 95 });
  doc.fontSize(7.5).text('Pindai untuk memeriksa keaslian laporan ini / scan to verify this report:', 50, top + 100, { width: width * 0.5 });
  doc.text(verifyUrl, { width: width * 0.5 });
  doc.end();
  return done;
}

/** The XLSX of a report: Ringkasan (summary) and one sheet per table; every cell text-safe. */
export async function renderXlsx(c: ReportContent, verifyUrl: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sekitar';
  const summary = wb.addWorksheet('Ringkasan');
  summary.addRow([c.title.id]);
  summary.addRow([`${c.program.name}, ${c.program.regionName}`]);
  if (c.sponsor) summary.addRow(['Sponsor', spreadsheetSafe(c.sponsor.name)]);
  summary.addRow(['Periode / period', periodText(c.period)]);
  summary.addRow(['Diterbitkan / issued', c.issued]);
  summary.addRow(['Verifikasi / verification', verifyUrl]);
  summary.addRow([]);
  for (const f of c.figures) summary.addRow([`${f.id} / ${f.en}`, f.value]);
  summary.getColumn(1).width = 48;
  summary.getColumn(2).width = 36;
  for (const t of c.tables) {
    const ws = wb.addWorksheet(t.key);
    ws.addRow(t.columns.map((col) => `${col.id} / ${col.en}`));
    for (const r of t.rows) ws.addRow(r.map((v) => spreadsheetSafe(v)));
    t.columns.forEach((_, i) => (ws.getColumn(i + 1).width = 24));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
