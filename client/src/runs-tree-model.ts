// The Runs view as plain data: run rows and step records from the store become tree entries
// (run → steps in order, loop iterations and parallel branches nested under their step →
// attempts, parameters, output, error) with labels, icons and context values. No `vscode`
// here; runs-view.ts turns these into TreeItems.

import type { RunRecord, StepRecord } from '../../runtime/src/store/store-types.ts';
import { TREE_ITEM_CONTEXT } from './contribution-ids.ts';
import { errorMessageOf, formatDuration, previewValue } from './format.ts';

/** The part of a store run row the view shows. */
export type RunRow = Pick<RunRecord, 'id' | 'workflowName' | 'workflowPath' | 'status' | 'startedAt' | 'endedAt' | 'error'>;

/** The part of a store step record the view shows. */
export type StepRow = Pick<StepRecord, 'seq' | 'stepSlug' | 'path' | 'attempt' | 'params' | 'output' | 'error' | 'port' | 'startedAt' | 'endedAt' | 'durationMs'>;

export type IconColor = 'passed' | 'failed' | 'running' | 'warning' | undefined;

export interface TreeItemModel {
  /** Stable across refreshes, so VS Code keeps expansion and selection. */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id, e.g. `pass`, `error`, `sync~spin`. */
  icon: string;
  iconColor?: IconColor;
  contextValue: string;
  collapsible: boolean;
}

export interface StepEntry {
  kind: 'step';
  slug: string;
  path: string;
  /** Every record of this path in order; the last one is the result. */
  records: StepRow[];
  /** Loop iterations or parallel branches run by this step. */
  groups: GroupEntry[];
}

export interface GroupEntry {
  kind: 'group';
  /** The path prefix, e.g. `each[3]` or `outer[0]/inner[2]`. */
  path: string;
  ownerSlug: string;
  /** The text between the brackets. */
  index: string;
  children: TraceEntry[];
}

export type TraceEntry = StepEntry | GroupEntry;

export type DetailPart = 'params' | 'output' | 'error';

const GROUP_SEGMENT = /^(.+)\[([^\]]*)\]$/;

/** Arranges a run's step records as a tree: steps in order, iterations nested under their loop. */
export function buildTraceTree(rows: readonly StepRow[]): TraceEntry[] {
  const root: TraceEntry[] = [];
  const steps = new Map<string, StepEntry>();
  const groups = new Map<string, GroupEntry>();
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
    const segments = row.path.split('/');
    let scope = root;
    let prefix = '';
    for (const segment of segments.slice(0, -1)) {
      prefix = prefix ? `${prefix}/${segment}` : segment;
      let group = groups.get(prefix);
      if (!group) {
        const match = GROUP_SEGMENT.exec(segment);
        group = { kind: 'group', path: prefix, ownerSlug: match?.[1] ?? segment, index: match?.[2] ?? '', children: [] };
        groups.set(prefix, group);
        scope.push(group);
      }
      scope = group.children;
    }
    const existing = steps.get(row.path);
    if (existing) existing.records.push(row);
    else {
      const entry: StepEntry = { kind: 'step', slug: row.stepSlug, path: row.path, records: [row], groups: [] };
      steps.set(row.path, entry);
      scope.push(entry);
    }
  }
  nestGroups(root);
  return root;
}

/**
 * Moves each iteration group under the step that owns it. A parallel step's record is written
 * when all branches are done, after them; it then takes the place of its first branch.
 */
function nestGroups(list: TraceEntry[]): void {
  for (const entry of list) {
    if (entry.kind === 'group') nestGroups(entry.children);
  }
  const owners = new Map<string, StepEntry>();
  for (const entry of list) if (entry.kind === 'step' && !owners.has(entry.slug)) owners.set(entry.slug, entry);
  const result: TraceEntry[] = [];
  const placed = new Set<StepEntry>();
  for (const entry of list) {
    if (entry.kind === 'group') {
      const owner = owners.get(entry.ownerSlug);
      if (owner) {
        owner.groups.push(entry);
        if (!placed.has(owner)) {
          placed.add(owner);
          result.push(owner);
        }
        continue;
      }
      result.push(entry);
    } else if (!placed.has(entry)) {
      placed.add(entry);
      result.push(entry);
    }
  }
  list.splice(0, list.length, ...result);
}

export function isUnfinished(status: string): boolean {
  return status === 'running' || status === 'waiting';
}

/** A run row as a tree item. `active` runs are running in this window right now. */
export function runItem(run: RunRow, options: { active: boolean; now: Date }): TreeItemModel {
  const started = new Date(run.startedAt);
  const duration = run.endedAt ? formatDuration(new Date(run.endedAt).getTime() - started.getTime()) : options.active ? 'running' : statusWord(run.status);
  const icon = runIcon(run.status, options.active);
  const tooltipLines = [`${run.workflowName} — ${run.status}${!options.active && isUnfinished(run.status) ? ' (not running in this window: resume it)' : ''}`, `Run ${run.id}`, run.workflowPath, `Started ${started.toLocaleString()}`];
  if (run.error !== undefined) tooltipLines.push(`Error: ${errorMessageOf(run.error)}`);
  return {
    id: `run:${run.id}`,
    label: run.workflowName || run.workflowPath,
    description: `${formatStart(started, options.now)} · ${duration}`,
    tooltip: tooltipLines.join('\n'),
    icon: icon.icon,
    iconColor: icon.color,
    contextValue: isUnfinished(run.status) && !options.active ? TREE_ITEM_CONTEXT.unfinishedRun : TREE_ITEM_CONTEXT.run,
    collapsible: true,
  };
}

function statusWord(status: string): string {
  return status === 'running' ? 'interrupted' : status;
}

function runIcon(status: string, active: boolean): { icon: string; color: IconColor } {
  switch (status) {
    case 'completed':
      return { icon: 'pass', color: 'passed' };
    case 'failed':
      return { icon: 'error', color: 'failed' };
    case 'cancelled':
      return { icon: 'circle-slash', color: undefined };
    case 'waiting':
      return { icon: 'watch', color: 'warning' };
    default:
      return active ? { icon: 'sync~spin', color: 'running' } : { icon: 'debug-pause', color: 'warning' };
  }
}

/** `14:03:12` today, `Mar 3 14:03` on other days. */
export function formatStart(started: Date, now: Date): string {
  const sameDay = started.toDateString() === now.toDateString();
  const time = started.toTimeString().slice(0, 8);
  if (sameDay) return time;
  return `${started.toLocaleDateString('en', { month: 'short', day: 'numeric' })} ${time.slice(0, 5)}`;
}

export function finalRecord(entry: StepEntry): StepRow {
  return entry.records[entry.records.length - 1]!;
}

export function stepItem(runId: string, entry: StepEntry): TreeItemModel {
  const final = finalRecord(entry);
  const failed = final.error !== undefined || final.port === undefined;
  const attempts = Math.max(...entry.records.map((record) => record.attempt));
  const description = [final.port ?? 'no port', formatDuration(final.durationMs), ...(attempts > 1 ? [`${attempts} attempts`] : [])].join(' · ');
  const tooltip = [`${entry.path}`, description, ...(final.error !== undefined ? [`Error: ${errorMessageOf(final.error)}`] : [])].join('\n');
  return {
    id: `step:${runId}:${entry.path}`,
    label: entry.slug,
    description,
    tooltip,
    icon: failed ? 'error' : 'pass',
    iconColor: failed ? 'failed' : 'passed',
    contextValue: TREE_ITEM_CONTEXT.step,
    collapsible: true,
  };
}

export function groupItem(runId: string, group: GroupEntry, ownerType?: string): TreeItemModel {
  const noun = ownerType === 'parallel' ? 'branch' : 'item';
  const failed = group.children.some((child) => child.kind === 'step' && (finalRecord(child).error !== undefined || finalRecord(child).port === undefined));
  return {
    id: `group:${runId}:${group.path}`,
    label: `${noun} ${group.index}`,
    description: `${group.children.length} step${group.children.length === 1 ? '' : 's'}`,
    tooltip: group.path,
    icon: failed ? 'error' : ownerType === 'parallel' ? 'split-horizontal' : 'debug-restart',
    iconColor: failed ? 'failed' : undefined,
    contextValue: TREE_ITEM_CONTEXT.iteration,
    collapsible: true,
  };
}

/** The detail rows under a step: earlier failed attempts, then parameters, output and error. */
export function detailParts(entry: StepEntry): { part: DetailPart; record: StepRow }[] {
  const final = finalRecord(entry);
  const parts: { part: DetailPart; record: StepRow }[] = [];
  if (final.params !== undefined) parts.push({ part: 'params', record: final });
  if (final.output !== undefined) parts.push({ part: 'output', record: final });
  if (final.error !== undefined) parts.push({ part: 'error', record: final });
  return parts;
}

export function retriedAttempts(entry: StepEntry): StepRow[] {
  const final = finalRecord(entry);
  return entry.records.filter((record) => record !== final && record.port === undefined);
}

export function attemptItem(runId: string, record: StepRow): TreeItemModel {
  return {
    id: `attempt:${runId}:${record.seq}`,
    label: `attempt ${record.attempt}`,
    description: `${formatDuration(record.durationMs)} · ${record.error !== undefined ? errorMessageOf(record.error) : 'retried'}`,
    icon: 'error',
    iconColor: 'failed',
    contextValue: TREE_ITEM_CONTEXT.detail,
    collapsible: false,
  };
}

export function detailItem(runId: string, part: DetailPart, record: StepRow): TreeItemModel {
  const value = record[part];
  const label = part === 'params' ? 'parameters' : part;
  return {
    id: `detail:${runId}:${record.seq}:${part}`,
    label,
    description: previewValue(part === 'error' ? errorMessageOf(value) : value),
    tooltip: JSON.stringify(value, null, 2)?.slice(0, 2000),
    icon: part === 'error' ? 'warning' : part === 'params' ? 'symbol-parameter' : 'output',
    iconColor: part === 'error' ? 'failed' : undefined,
    contextValue: TREE_ITEM_CONTEXT.detail,
    collapsible: false,
  };
}
