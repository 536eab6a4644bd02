// Maps action names to the tool names the model sees. The Messages API only allows
// `^[a-zA-Z0-9_-]{1,128}$`, so `records.query` is offered as `records_query` (spec §8).

export function toolNameForAction(actionName: string): string {
  return actionName.replaceAll('.', '_');
}
