/**
 * A progress bar that says what it measures. `value` is a fraction 0..1, or null when the total
 * is unknown (the bar then moves without a number and `text` carries the progress).
 */
export function ProgressBar({ label, value, text }: { label: string; value: number | null; text: string }) {
  const percent = value === null ? null : Math.max(0, Math.min(100, Math.round(value * 100)));
  return (
    <div className="progress">
      <div
        className={percent === null ? 'progress-track progress-indeterminate' : 'progress-track'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent === null ? {} : { 'aria-valuenow': percent })}
        aria-valuetext={percent === null ? text : `${percent}% · ${text}`}
      >
        <div className="progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      <p className="progress-text" aria-hidden="true">
        {percent === null ? text : `${percent}% · ${text}`}
      </p>
    </div>
  );
}
