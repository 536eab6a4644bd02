import { createLanguageService } from './server/src/service/language-service.ts';
import { withCursor } from './test/server/support/cursor.ts';
import { yamlCursorAt } from './server/src/service/yaml-cursor.ts';
import { ORDERS_WORKFLOW } from './test/server/support/workflows.ts';
const text = ORDERS_WORKFLOW.replace('    nextSteps:\n      success: fetch_orders', '    nextSteps: { success: fe‸');
const { document, position, offset } = withCursor(text, undefined, '‸');
const c = yamlCursorAt(document.getText(), offset);
console.log(c && { ...c, s2: c.scalarsAt(2) });
console.log(createLanguageService().completion(document, position).items.map(i => i.label));
