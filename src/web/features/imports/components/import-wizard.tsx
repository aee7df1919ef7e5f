import { useCallback, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useT } from '../../../lib/i18n.tsx';
import { importQueryKey, type ImportResponse, type ImportView } from '../api/get-import.ts';
import { importsQueryKey } from '../api/get-imports.ts';
import { useDryRun } from '../api/run-dry-run.ts';
import type { ColumnMapping, UploadResponse } from '../api/upload-import.ts';
import { ImportHistory } from './import-history.tsx';
import { estimateRows, type Expectation, type TrackView } from './import-view.ts';
import { ImportTracker } from './import-tracker.tsx';
import { MappingStep } from './mapping-step.tsx';
import { UploadStep } from './upload-step.tsx';
import { WizardSteps } from './wizard-steps.tsx';

/** URL parameter naming the import being followed, so a reload or a shared link comes back to it. */
const IMPORT_PARAM = 'impor';

/**
 * Upload -> map columns -> dry run -> commit. The registry changes only at the last step.
 * `onCommitted` lets the app refresh what other features show from the registry.
 */
export function ImportWizard({ regionCode, onCommitted }: { regionCode: string; onCommitted?: () => void }) {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const trackedId = Number.parseInt(params.get(IMPORT_PARAM) ?? '', 10);
  const tracking = Number.isInteger(trackedId) && trackedId > 0 ? trackedId : null;

  const [uploaded, setUploaded] = useState<{ result: UploadResponse; fileSize: number } | null>(null);
  const [expecting, setExpecting] = useState<{ id: number; expectation: Expectation } | null>(null);
  const [estimate, setEstimate] = useState<{ id: number; rows: number | null } | null>(null);
  const [trackStep, setTrackStep] = useState<3 | 4>(3);
  const dryRun = useDryRun();

  const track = useCallback(
    (id: number | null) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (id === null) next.delete(IMPORT_PARAM);
        else next.set(IMPORT_PARAM, String(id));
        return next;
      });
    },
    [setParams],
  );

  const putImport = useCallback(
    (view: ImportView) => {
      queryClient.setQueryData<ImportResponse>(importQueryKey(view.id), (old) => ({ import: view, errors: old?.errors ?? [] }));
    },
    [queryClient],
  );

  const startOver = useCallback(() => {
    setUploaded(null);
    setExpecting(null);
    dryRun.reset();
    track(null);
  }, [dryRun, track]);

  const startDryRun = (mapping: ColumnMapping) => {
    if (!uploaded) return;
    const { result, fileSize } = uploaded;
    const id = result.import.id;
    dryRun.mutate(
      { importId: id, mapping, source: result.import.source },
      {
        onSuccess: (res) => {
          setExpecting({ id, expectation: { kind: 'dry-run', from: result.import.status } });
          setEstimate({
            id,
            rows: estimateRows({
              fileSize,
              format: result.import.format,
              encoding: result.import.encoding,
              delimiter: result.import.delimiter,
              headers: result.analysis.headers,
              sample: result.analysis.sample,
            }),
          });
          // The mapping belongs to this dry run; Back should not offer to run it on the same import again.
          setUploaded(null);
          putImport(res.import);
          track(id);
        },
      },
    );
  };

  const onExpect = useCallback(
    (expectation: Expectation, view: ImportView) => {
      setExpecting({ id: view.id, expectation });
      putImport(view);
    },
    [putImport],
  );

  const onSettled = useCallback(
    (view: TrackView) => {
      void queryClient.invalidateQueries({ queryKey: importsQueryKey(regionCode) });
      if (view === 'committed') onCommitted?.();
    },
    [queryClient, regionCode, onCommitted],
  );

  const onStatus = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: importsQueryKey(regionCode) });
  }, [queryClient, regionCode]);

  const openImport = useCallback(
    (id: number) => {
      setUploaded(null);
      setExpecting(null);
      void queryClient.invalidateQueries({ queryKey: importQueryKey(id) });
      track(id);
      window.scrollTo({ top: 0 });
    },
    [queryClient, track],
  );

  const step: 1 | 2 | 3 | 4 = tracking !== null ? trackStep : uploaded ? 2 : 1;

  return (
    <div className="import-wizard">
      <WizardSteps current={step} />
      {tracking !== null ? (
        <ImportTracker
          key={tracking}
          regionCode={regionCode}
          importId={tracking}
          expecting={expecting?.id === tracking ? expecting.expectation : null}
          estimate={estimate?.id === tracking ? estimate.rows : null}
          onExpect={onExpect}
          onStep={setTrackStep}
          onSettled={onSettled}
          onStatus={onStatus}
          onStartOver={startOver}
        />
      ) : uploaded ? (
        <MappingStep
          key={uploaded.result.import.id}
          upload={uploaded.result}
          onDryRun={startDryRun}
          onStartOver={startOver}
          pending={dryRun.isPending}
          error={dryRun.error}
        />
      ) : (
        <UploadStep
          regionCode={regionCode}
          onUploaded={(result, file) => {
            setUploaded({ result, fileSize: file.size });
            void queryClient.invalidateQueries({ queryKey: importsQueryKey(regionCode) });
          }}
        />
      )}
      <p className="visually-hidden" aria-live="polite">
        {t('imports.steps')}: {step}/4
      </p>
      <ImportHistory regionCode={regionCode} current={tracking} onOpen={openImport} />
    </div>
  );
}
