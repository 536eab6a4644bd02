// Checks schedule triggers: `cron` is required and must parse (`invalid-cron` with the exact
// reason, on the offending field when it can be pinpointed), and `timezone` must be an IANA zone
// known to `Intl`. The schema check owns the types of these keys; this pass owns their values.

import { closestMatch } from '../catalog/similar.ts';
import { diagnostic } from '../language/diagnostic.ts';
import type { Step } from '../language/workflow-model.ts';
import { getPair, type YScalar } from '../language/yaml-tree.ts';
import type { AnalysisContext, AnalysisPass } from './analysis-context.ts';
import { isValidTimeZone, knownTimeZones, parseCron } from './cron.ts';
import { isTemplated, sourceRangeInScalar } from './string-values.ts';
import { spanOf } from '../language/source-range.ts';

export const checkCron: AnalysisPass = (context) => {
  for (const step of context.document.workflow.steps) {
    if (step.type !== 'trigger') continue;
    const typeNode = getPair(step.config, 'type')?.value;
    if (typeNode?.kind === 'scalar' && typeNode.value === 'schedule') checkSchedule(context, step, typeNode);
  }
};

function checkSchedule(context: AnalysisContext, step: Step, typeNode: YScalar): void {
  const cronPair = getPair(step.config, 'cron');
  const cronNode = cronPair?.value;
  if (!cronPair || !cronNode || (cronNode.kind === 'scalar' && cronNode.value === null)) {
    context.report(diagnostic('invalid-cron', 'A schedule trigger needs `cron`, e.g. `cron: "0 9 * * MON-FRI"` (09:00 on weekdays).', spanOf(cronPair?.key ?? typeNode)));
  } else if (cronNode.kind === 'scalar' && typeof cronNode.value === 'string') {
    checkExpression(context, cronNode as YScalar & { value: string });
  }
  const zoneNode = getPair(step.config, 'timezone')?.value;
  if (zoneNode?.kind === 'scalar' && typeof zoneNode.value === 'string') checkTimeZone(context, zoneNode, zoneNode.value);
}

function checkExpression(context: AnalysisContext, node: YScalar & { value: string }): void {
  if (isTemplated(node.value)) {
    context.report(diagnostic('invalid-cron', '`cron` cannot be a template: the schedule is read before any run starts.', spanOf(node)));
    return;
  }
  const result = parseCron(node.value);
  if (result.ok) return;
  const { error } = result;
  // Point at the offending field when the value is written literally, else at the whole value.
  const whole = error.start === 0 && error.end >= node.value.length;
  const range = (!whole && sourceRangeInScalar(context.document.text, node, error.start, error.end)) || spanOf(node);
  context.report(diagnostic('invalid-cron', error.message, range, error.field ? { data: { field: error.field } } : {}));
}

function checkTimeZone(context: AnalysisContext, node: YScalar, zone: string): void {
  if (isTemplated(zone)) {
    context.report(diagnostic('invalid-cron', '`timezone` cannot be a template: the schedule is read before any run starts.', spanOf(node)));
    return;
  }
  if (isValidTimeZone(zone)) return;
  const suggestion = closestMatch(zone, knownTimeZones());
  const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : ' Use an IANA name such as `Europe/Paris`, `America/New_York` or `UTC`.';
  context.report(diagnostic('invalid-cron', `Unknown time zone \`${zone}\`.${hint}`, spanOf(node), suggestion ? { data: { suggestion } } : {}));
}
