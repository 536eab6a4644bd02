// Warns about secret values written into the file (`hardcoded-secret`): well-known key formats
// anywhere in config, vars, output and input defaults; any literal under a key that names a
// credential (`password`, `apiKey`, `X-Api-Token`); and long random-looking strings under keys
// that merely mention one (`tokenValue`). Unknown secret references are the reference pass's job.

import { diagnostic } from '../language/diagnostic.ts';
import { getValue } from '../language/yaml-tree.ts';
import type { AnalysisPass } from './analysis-context.ts';
import { isTemplated, visitStrings, withoutTemplates, workflowStrings, type StringList, type StringScalar, type StringValue } from './string-values.ts';
import { spanOf } from '../language/source-range.ts';

interface KnownFormat {
  /** What the value looks like, for the message ("an Anthropic API key"). */
  readonly kind: string;
  /** The secret name we suggest declaring. */
  readonly name: string;
  readonly pattern: RegExp;
  /** A prefix to keep in front of the reference, e.g. `Bearer `. */
  readonly prefix?: string;
}

// Specific formats first: an Anthropic key also matches the generic `sk-` form.
const KNOWN_FORMATS: readonly KnownFormat[] = [
  { kind: 'an Anthropic API key', name: 'ANTHROPIC_API_KEY', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/ },
  { kind: 'an OpenAI API key', name: 'OPENAI_API_KEY', pattern: /\bsk-(?:proj-|svcacct-)?(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}/ },
  { kind: 'a Stripe secret key', name: 'STRIPE_SECRET_KEY', pattern: /\b[rs]k_live_[A-Za-z0-9]{16,}/ },
  { kind: 'an AWS access key id', name: 'AWS_ACCESS_KEY_ID', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'a GitHub token', name: 'GITHUB_TOKEN', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { kind: 'a Slack token', name: 'SLACK_TOKEN', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { kind: 'a Google API key', name: 'GOOGLE_API_KEY', pattern: /\bAIza[0-9A-Za-z_-]{35}/ },
  { kind: 'a JSON Web Token', name: 'API_TOKEN', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { kind: 'a private key', name: 'PRIVATE_KEY', pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/ },
  { kind: 'a bearer token', name: 'API_TOKEN', prefix: 'Bearer ', pattern: /\bBearer\s+(?=[A-Za-z0-9._~+/-]*\d)[A-Za-z0-9._~+/-]{20,}=*/ },
];

/** Cheap first look: a value without any of these cannot match a known format. */
const KNOWN_FORMAT_HINT = /sk-|_live_|AKIA|ASIA|gh[pousr]_|github_pat_|xox[abprs]-|AIza|eyJ|PRIVATE KEY|Bearer/;

/** Key names that mention a credential somewhere: a random-looking value under them is reported. */
const SENSITIVE_KEY = /token|api[-_]?key|secret|passw(or)?d|credential|private[-_]?key|access[-_]?key|authorization/i;

/** Last words of key names that hold a credential (`db_password`, `githubToken`, `client-secret`). */
const CREDENTIAL_WORDS = new Set(['token', 'secret', 'password', 'passwd', 'pwd', 'passphrase', 'credential', 'credentials', 'authorization', 'apikey']);
/** Words before `key` that make it a credential (`apiKey`, `secretAccessKey`, `private_key`). */
const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'secret', 'signing', 'encryption', 'client']);

/** Values that stand for a secret instead of being one: `<token>`, `${TOKEN}`, `xxxx`, `changeme`. */
const PLACEHOLDER = /^(?:<[^>]*>|\$\{[^}]*\}|\{[^}]*\}|x+|\*+|\.+|changeme|change[-_]me|your[-_ ].*|todo|tbd|none|null|redacted|example.*)$/i;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const checkSecrets: AnalysisPass = (context) => {
  const { workflow } = context.document;
  const report = (node: StringScalar, finding: Finding): void => {
    const reference = `${finding.prefix ?? ''}<<secrets.${finding.name}>>`;
    context.report(
      diagnostic(
        'hardcoded-secret',
        `This looks like ${finding.kind}. Secret values must not live in the file: declare \`${finding.name}\` under \`secrets:\`, put its value in the environment or a git-ignored \`.env\`, and write \`${reference}\` here.`,
        spanOf(node),
        { data: { kind: finding.kind, secretName: finding.name, replacement: reference } },
      ),
    );
  };
  // The strings come from the walk the passes share; only a finding needs the node (for its range).
  const checkList = ({ nodes, values, keys }: StringList): void => {
    for (let i = 0; i < values.length; i++) {
      const finding = secretIn(values[i]!, keys[i]);
      if (finding) report(nodes[i]!, finding);
    }
  };
  const strings = workflowStrings(context.document);
  checkList(strings.config);
  checkList(strings.vars);
  checkList(strings.output);
  // A default is judged by the input's name: `apiKey: { default: … }` holds a credential.
  for (const input of workflow.inputs) {
    visitStrings(getValue(input.node, 'default'), ({ node, key }) => {
      const finding = secretIn(node.value, key);
      if (finding) report(node, finding);
    }, input.name);
  }
};

interface Finding {
  kind: string;
  name: string;
  prefix?: string;
}

/** What kind of secret a string value looks like, or undefined for ordinary text. */
export function findSecret(value: StringValue): Finding | undefined {
  return secretIn(value.node.value, value.key);
}

function secretIn(raw: string, key: string | undefined): Finding | undefined {
  if (KNOWN_FORMAT_HINT.test(raw)) {
    // Text inside `<< >>` is an expression, not a value.
    const literal = withoutTemplates(raw);
    if (KNOWN_FORMAT_HINT.test(literal)) for (const format of KNOWN_FORMATS) {
      if (format.pattern.test(literal)) return { kind: format.kind, name: format.name, ...(format.prefix ? { prefix: format.prefix } : {}) };
    }
  }
  // A templated value is an expression (`Bearer <<secrets.TOKEN>>`), not a credential.
  if (key === undefined || raw.length < 6 || isTemplated(raw)) return undefined;
  // Most keys name nothing secret: decide that from the (cached) key before looking at the value.
  const traits = keyTraits(key);
  if (traits === 0) return undefined;
  const trimmed = raw.trim();
  // `Authorization: Basic dXNlcjpw…`: the scheme stays in the file, the credential moves out.
  const scheme = SCHEME.exec(trimmed);
  const text = scheme ? trimmed.slice(scheme[0].length) : trimmed;
  if (((traits & NAMES_CREDENTIAL) !== 0 && looksLiteral(text)) || ((traits & MENTIONS_CREDENTIAL) !== 0 && looksRandom(text))) {
    return { kind: `a hard-coded credential in \`${key}\``, name: toSecretName(key), ...(scheme ? { prefix: `${scheme[1]} ` } : {}) };
  }
  return undefined;
}

const SCHEME = /^(Bearer|Basic|Token|Digest)\s+/i;

/** Key trait bits: the key's last word names a credential; the key mentions one somewhere. */
const NAMES_CREDENTIAL = 1;
const MENTIONS_CREDENTIAL = 2;

function keyTraits(key: string): number {
  let traits = keyTraitCache.get(key);
  if (traits === undefined) {
    traits = (computeNamesCredential(key) ? NAMES_CREDENTIAL : 0) | (SENSITIVE_KEY.test(key) ? MENTIONS_CREDENTIAL : 0);
    if (keyTraitCache.size > 10_000) keyTraitCache.clear();
    keyTraitCache.set(key, traits);
  }
  return traits;
}

/** Whether a key's last word names a credential: `password`, `X-Api-Token`, `apiKey`; not `maxTokens`, `secretName`. */
export function namesCredential(key: string): boolean {
  return (keyTraits(key) & NAMES_CREDENTIAL) !== 0;
}

/** Key names repeat across steps and keystrokes; judging each once is enough. */
const keyTraitCache = new Map<string, number>();

function computeNamesCredential(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  const last = words.at(-1);
  if (last === undefined) return false;
  if (CREDENTIAL_WORDS.has(last)) return true;
  return last === 'key' && words.length > 1 && KEY_QUALIFIERS.has(words.at(-2)!);
}

/** A literal that could be the credential itself: one word, not a URL, a SECRET_NAME or a placeholder. */
function looksLiteral(text: string): boolean {
  return text.length >= 6 && !/\s/.test(text) && !text.includes('://') && !/^[A-Z][A-Z0-9_]*$/.test(text) && !PLACEHOLDER.test(text);
}

/**
 * A token-like string: no spaces, not a URL, UUID or SECRET_NAME, with a run of 16+ characters
 * mixing letters and digits (words joined by dashes do not count) and enough variety of characters.
 */
export function looksRandom(text: string): boolean {
  if (text.length < 16 || /\s/.test(text) || text.includes('://') || UUID.test(text) || /^[A-Z][A-Z0-9_]*$/.test(text)) return false;
  const longRun = text.split(/[-_.:/]/).some((run) => run.length >= 16 && /\d/.test(run) && /[A-Za-z]/.test(run));
  return longRun && shannonEntropy(text) >= 3;
}

function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** `apiKey` → `API_KEY`, `x-api-key` → `X_API_KEY`. */
function toSecretName(key: string): string {
  const name = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z_]/.test(name) ? name : `SECRET_${name}`;
}
