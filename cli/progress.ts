import { SingleBar } from 'cli-progress';

/** Progress of a long check: a bar on a terminal, a plain line every tenth of the runs otherwise. */
export interface Progress {
  update(runsDone: number): void;
  stop(): void;
}

export function progressFor(total: number, stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled) return { update: () => {}, stop: () => {} };
  if (stream.isTTY) {
    const bar = new SingleBar({
      format: 'checking [{bar}] {value}/{total} runs · {rate} runs/s · {eta_formatted} left',
      stream,
      hideCursor: true,
      clearOnComplete: true,
    });
    const started = Date.now();
    bar.start(total, 0, { rate: '0' });
    return {
      update: (done) => bar.update(done, { rate: (done / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(0) }),
      stop: () => bar.stop(),
    };
  }
  const step = Math.max(1, Math.ceil(total / 10));
  return {
    update: (done) => {
      if (done % step === 0 || done === total) stream.write(`checked ${done}/${total} runs\n`);
    },
    stop: () => {},
  };
}
