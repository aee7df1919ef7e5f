// Ends every run with one plain line, "N passed, N failed[, N skipped]", and under CI turns any
// skipped test into a failure: a suite that did not run has not passed.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const skippedNames: string[] = [];
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else {
          skipped++;
          skippedNames.push(test.fullName);
        }
      }
      if (mod.state() === 'failed' && mod.children.size === 0) failed++;
    }
    if (process.env.CI && skipped > 0) {
      console.log(`Under CI nothing may be skipped; skipped: ${skippedNames.slice(0, 10).join('; ')}`);
      process.exitCode = 1;
    }
    console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  }
}
