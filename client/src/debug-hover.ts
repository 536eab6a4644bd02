// While a workflow is paused in the debugger, hovering a `<< >>` reference evaluates the whole
// path up to the hovered part (`loop.item.email`, not just the word `email`), which the adapter's
// `evaluate` understands.

import * as vscode from 'vscode';
import { LANGUAGE_ID, WORKFLOW_GLOB } from './contribution-ids.ts';
import type { Ctx } from './ctx.ts';
import { referenceAt } from './reference-values.ts';

export function registerDebugHover(ctx: Ctx): void {
  ctx.push(
    vscode.languages.registerEvaluatableExpressionProvider([{ language: LANGUAGE_ID }, { scheme: 'file', pattern: WORKFLOW_GLOB }], {
      provideEvaluatableExpression(document, position) {
        const reference = referenceAt(document.getText(), document.offsetAt(position));
        if (!reference) return undefined;
        return new vscode.EvaluatableExpression(new vscode.Range(document.positionAt(reference.range.start), document.positionAt(reference.range.end)), reference.expression);
      },
    }),
  );
}
