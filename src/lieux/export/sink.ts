// Owns writing an export to a Node Writable with backpressure: wait for 'drain' when the stream
// asks for it, and stop at once when the reader went away (closed or failed stream).
import type { Writable } from 'node:stream';

export class ExportAborted extends Error {
  constructor(cause?: unknown) {
    super("L'export a été interrompu : la destination ne reçoit plus de données.", { cause });
  }
}

/** Writes one chunk; resolves when the stream can take more. */
export async function write(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new ExportAborted(out.errored);
  if (out.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: unknown) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onDrain = () => done();
    const onClose = () => done(new ExportAborted());
    const onError = (error: Error) => done(new ExportAborted(error));
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
  });
}

/** Writes a JSON array item by item: `open`, the items separated by commas, then `close`. */
export async function writeJsonArray<T>(out: Writable, items: AsyncIterable<T>, toJson: (item: T) => unknown, frame = { open: '[', close: ']' }): Promise<number> {
  let count = 0;
  await write(out, `${frame.open}\n`);
  for await (const item of items) {
    await write(out, `${count === 0 ? '' : ',\n'}${JSON.stringify(toJson(item))}`);
    count++;
  }
  await write(out, `${count === 0 ? '' : '\n'}${frame.close}\n`);
  return count;
}
