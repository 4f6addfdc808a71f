// The PAC worker thread's entry point (its own bundle, dist/pacWorker.js): compiles the PAC text it is started with
// in the QuickJS sandbox, then answers FindProxyForURL questions one at a time. The host terminates the thread when
// an answer is late, which stops even what QuickJS cannot interrupt (its regular expression engine).
import { parentPort, workerData } from 'worker_threads';
import { describeError } from './pacLimits';
import { compileInSandbox } from './pacSandbox';
import type { PacQuestion, PacWorkerData, PacWorkerMessage } from './pacProtocol';
import { Resolver } from './resolve';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const data = workerData as PacWorkerData;
  const post = (message: PacWorkerMessage): void => port.postMessage(message);
  post({ kind: 'started' });
  const script = await compileInSandbox(data.text, new Resolver(data.overrides));
  if ('problem' in script) {
    post({ kind: 'problem', problem: script.problem });
    return;
  }
  post({ kind: 'compiled' });
  port.on('message', (question: PacQuestion) => {
    script.findProxy(question.url, question.host).then(
      (answer) => post({ kind: 'answer', id: question.id, answer: String(answer) }),
      (error: unknown) => post({ kind: 'failed', id: question.id, error: describeError(error) }),
    );
  });
}

void main();
