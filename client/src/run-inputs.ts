// Collects a run's input for "Run Workflow" and "Debug Workflow": `<name>.input.json` beside the
// workflow when present, else one quick input per declared input (typed, with defaults),
// remembered per workflow in the workspace state.

import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { inputFileFor, inputQuestions, parseAnswer, parseInputFile, type DeclaredInput, type InputQuestion } from './input-collection.ts';

export type CollectedInput = { kind: 'file'; file: string; value: Record<string, unknown> } | { kind: 'asked'; value: Record<string, unknown> } | { kind: 'cancelled' } | { kind: 'invalid'; message: string };

const REMEMBERED_KEY = 'stepline.inputs';

export async function collectRunInput(state: vscode.Memento, workflowFile: string, inputs: readonly DeclaredInput[]): Promise<CollectedInput> {
  const inputFile = inputFileFor(workflowFile);
  let text: string | undefined;
  try {
    text = await readFile(inputFile, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    const parsed = parseInputFile(text);
    return parsed.ok ? { kind: 'file', file: inputFile, value: parsed.value } : { kind: 'invalid', message: `${inputFile} ${parsed.message}.` };
  }
  const rememberedAll = state.get<Record<string, Record<string, unknown>>>(REMEMBERED_KEY, {});
  const remembered = rememberedAll[workflowFile] ?? {};
  const value: Record<string, unknown> = {};
  for (const question of inputQuestions(inputs, remembered)) {
    const answer = await ask(question);
    if (answer.cancelled) return { kind: 'cancelled' };
    if (!answer.omitted) value[question.name] = answer.value;
  }
  await state.update(REMEMBERED_KEY, { ...state.get<Record<string, Record<string, unknown>>>(REMEMBERED_KEY, {}), [workflowFile]: value });
  return { kind: 'asked', value };
}

async function ask(question: InputQuestion): Promise<{ cancelled: true } | { cancelled: false; omitted: boolean; value?: unknown }> {
  if (question.kind === 'pick') {
    const items = question.choices.map((choice) => ({ label: choice.label, value: choice.value, description: choice.picked ? 'last used / default' : '' }));
    if (!question.required) items.push({ label: '(omit)', value: undefined, description: 'leave this input out' });
    items.sort((a, b) => Number(b.description === 'last used / default') - Number(a.description === 'last used / default'));
    const picked = await vscode.window.showQuickPick(items, { title: question.title, placeHolder: question.prompt, ignoreFocusOut: true });
    if (!picked) return { cancelled: true };
    return picked.label === '(omit)' ? { cancelled: false, omitted: true } : { cancelled: false, omitted: false, value: picked.value };
  }
  const text = await vscode.window.showInputBox({
    title: question.title,
    prompt: question.prompt,
    placeHolder: question.placeholder,
    value: question.value,
    ignoreFocusOut: true,
    validateInput: (candidate) => {
      const parsed = parseAnswer(question, candidate);
      return parsed.ok ? undefined : parsed.message;
    },
  });
  if (text === undefined) return { cancelled: true };
  const parsed = parseAnswer(question, text);
  if (!parsed.ok) return { cancelled: true };
  return parsed.omitted ? { cancelled: false, omitted: true } : { cancelled: false, omitted: false, value: parsed.value };
}
