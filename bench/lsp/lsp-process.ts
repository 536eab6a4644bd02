// One language server in its own process, driven over stdio by a minimal JSON-RPC client
// (vscode-jsonrpc): requests, notifications, waiting on publishDiagnostics by predicate (never by
// sleeping), answers to the server's own requests, and the process's peak memory from /proc.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { range: { start: { line: number; character: number } }; message: string; code?: string | number; source?: string }[];
  /** performance.now() when the notification was read. */
  receivedAt: number;
}

interface DiagnosticsWaiter {
  predicate: (published: PublishedDiagnostics) => boolean;
  resolve: (published: PublishedDiagnostics) => void;
}

/** Answers a `workspace/configuration` item, e.g. the peer's `yaml` section. */
export type ConfigurationAnswer = (section: string | undefined) => unknown;

export class LspProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly connection: MessageConnection;
  readonly stderr: string[] = [];
  /** Every publication since the last `clearPublications()`. */
  private published: PublishedDiagnostics[] = [];
  private waiters: DiagnosticsWaiter[] = [];
  private configurationAnswer: ConfigurationAnswer = () => null;
  private configurationPulled?: () => void;

  constructor(command: string, args: readonly string[], cwd: string) {
    this.child = spawn(command, [...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    // STEPLINE_BENCH_SERVER_STDERR=<file> keeps what the servers print there (e.g. a preloaded tracer's output).
    const stderrFile = process.env['STEPLINE_BENCH_SERVER_STDERR'];
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr.push(chunk);
      if (stderrFile) appendFileSync(stderrFile, chunk);
    });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: Omit<PublishedDiagnostics, 'receivedAt'>) => {
      const published = { ...params, receivedAt: performance.now() };
      this.published.push(published);
      for (const waiter of [...this.waiters]) {
        if (!waiter.predicate(published)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(published);
      }
    });
    // Servers log, register capabilities and ask for settings; a real client answers each.
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('telemetry/event', () => undefined);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      const answers = params.items.map((item) => this.configurationAnswer(item.section));
      this.configurationPulled?.();
      return answers;
    });
    this.connection.listen();
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resolves at the next `workspace/configuration` request answered with `answer`. */
  answerConfiguration(answer: ConfigurationAnswer): Promise<void> {
    this.configurationAnswer = answer;
    return new Promise((resolve) => (this.configurationPulled = resolve));
  }

  /** The first publication (already received or future) that matches. */
  diagnostics(predicate: (published: PublishedDiagnostics) => boolean): Promise<PublishedDiagnostics> {
    const already = this.published.find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  clearPublications(): void {
    this.published = [];
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Peak resident memory of the server process so far, in MB (VmHWM), or NaN off Linux. */
  peakRssMb(): number {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
      return kb === undefined ? Number.NaN : Number(kb) / 1024;
    } catch {
      return Number.NaN;
    }
  }

  /** shutdown + exit, then waits for the process to end (killed if it does not within the bound). */
  async stop(boundMs = 5000): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    const guard = setTimeout(() => this.child.kill(), boundMs);
    try {
      await this.request('shutdown', null);
      await this.notify('exit', null);
    } catch {
      this.child.kill();
    }
    await exited;
    clearTimeout(guard);
    this.connection.dispose();
  }
}
