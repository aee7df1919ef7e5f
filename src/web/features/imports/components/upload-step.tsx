import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { ProgressBar } from '../../../components/progress-bar.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { IMPORT_SOURCES, type ImportSource } from '../api/get-import.ts';
import { useUploadImport, type UploadResponse } from '../api/upload-import.ts';

/** Step 1: which source the data come from, and the file. */
export function UploadStep({
  regionCode,
  onUploaded,
}: {
  regionCode: string;
  onUploaded: (result: UploadResponse, file: File) => void;
}) {
  const { t, tDynamic } = useT();
  const ids = { source: useId(), sourceHint: useId(), file: useId(), fileHint: useId(), fileError: useId() };
  const [source, setSource] = useState<ImportSource>('DTSEN');
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [sent, setSent] = useState(0);
  const upload = useUploadImport();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setMissingFile(true);
      document.getElementById(ids.file)?.focus();
      return;
    }
    setSent(0);
    upload.mutate(
      { regionCode, source, file, onProgress: setSent },
      { onSuccess: (result) => onUploaded(result, file) },
    );
  };

  return (
    <form className="card form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={ids.source}>{t('imports.source')}</label>
        <select
          id={ids.source}
          value={source}
          onChange={(e) => setSource(e.target.value as ImportSource)}
          aria-describedby={ids.sourceHint}
          disabled={upload.isPending}
        >
          {IMPORT_SOURCES.map((s) => (
            <option key={s} value={s}>
              {tDynamic(`source.${s}`, s)}
            </option>
          ))}
        </select>
        <p id={ids.sourceHint} className="hint">
          {t('imports.source.hint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={ids.file}>{t('imports.file')}</label>
        <input
          id={ids.file}
          type="file"
          accept=".csv,.xlsx,.txt,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setMissingFile(false);
            upload.reset();
          }}
          aria-describedby={missingFile ? `${ids.fileError} ${ids.fileHint}` : ids.fileHint}
          aria-invalid={missingFile || undefined}
          disabled={upload.isPending}
        />
        {missingFile && (
          <p id={ids.fileError} className="field-error" role="alert">
            {t('imports.file.missing')}
          </p>
        )}
        <p id={ids.fileHint} className="hint">
          {t('imports.file.hint')}
        </p>
      </div>

      {upload.isPending && <ProgressBar label={t('imports.uploadProgress')} value={sent} text={file?.name ?? ''} />}
      {upload.isError && <ErrorNotice error={upload.error} />}

      <div className="actions">
        <button type="submit" className="button" disabled={upload.isPending}>
          {upload.isPending ? t('imports.uploading') : t('imports.upload')}
        </button>
      </div>
    </form>
  );
}
