// Jest reporter: after the summary, lists the tests that were skipped because they cannot run on
// this machine (no terraform, no provider mirror, no Node 22 binary...). Such a test is declared
// with it.skip and a name containing "SKIPPED: <reason>", so a skip is never silent. (Tests left
// out by -t or a path filter are not listed.)
'use strict';

class SkipReasonsReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.testResults.flatMap((file) =>
      file.testResults
        .filter((test) => (test.status === 'pending' || test.status === 'skipped') && test.title.includes('SKIPPED'))
        .map((test) => test.fullName),
    );
    if (skipped.length === 0) return;
    process.stderr.write(`\nSKIPPED (${skipped.length}), not run on this machine:\n${skipped.map((name) => `  - ${name}`).join('\n')}\n`);
  }
}

module.exports = SkipReasonsReporter;
