import { useMutation } from '@tanstack/react-query';
import { errorFromResponse, networkError, csrfHeaders } from '../../../lib/api-client.ts';
import type { ImportSource, ImportView } from './get-import.ts';

export interface WorkerFieldInfo {
  /** e.g. 'nik', 'birth_date' */
  key: string;
  labelId: string;
  labelEn: string;
  required: boolean;
}

/** header -> worker field key, or null to ignore the column. */
export type ColumnMapping = Record<string, string | null>;

export interface ImportAnalysis {
  /** 1-based row of the column headings (offices often put titles above them). */
  headerRow: number;
  headers: string[];
  /** A few rows below the headings, one string per column. */
  sample: string[][];
  suggestedMapping: ColumnMapping;
}

export interface UploadResponse {
  import: ImportView;
  analysis: ImportAnalysis;
  fields: WorkerFieldInfo[];
}

export interface UploadInput {
  regionCode: string;
  source: ImportSource;
  file: File;
  /** Fraction 0..1 of the file sent so far. */
  onProgress?: (fraction: number) => void;
}

/**
 * Sends the file as multipart/form-data. XMLHttpRequest rather than fetch, because only it reports
 * upload progress, and registry files can be hundreds of megabytes. The `source` field goes before
 * the file so the server knows it when the file part arrives.
 */
export function uploadImport({ regionCode, source, file, onProgress }: UploadInput): Promise<UploadResponse> {
  const form = new FormData();
  form.append('source', source);
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/programs/${encodeURIComponent(regionCode)}/imports`);
    xhr.setRequestHeader('accept', 'application/json');
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadResponse);
        } catch {
          reject(errorFromResponse(xhr.status, ''));
        }
      } else {
        reject(errorFromResponse(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(networkError());
    xhr.send(form);
  });
}

export function useUploadImport() {
  return useMutation({ mutationFn: uploadImport });
}
