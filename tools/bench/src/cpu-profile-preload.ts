// Loaded with `node --import <this file>` (NODE_OPTIONS) when the bench runs with --profile:
// Node 20 refuses --cpu-prof in NODE_OPTIONS, so the profiler is driven through the
// inspector instead. The profile is written to CPU_PROFILE_DIR when the process exits.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const dir = process.env.CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  // 1 ms sampling (V8's default is ~1 ms too): enough resolution for a hot path, little overhead.
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.on('exit', () => {
    // A same-thread inspector session answers synchronously, so this runs inside 'exit'.
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      mkdirSync(dir, { recursive: true });
      const name = `${process.env.CPU_PROFILE_LABEL ?? 'node'}-${process.pid}.cpuprofile`;
      writeFileSync(`${dir}/${name}`, JSON.stringify(result.profile));
    });
  });
}
