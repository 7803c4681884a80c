import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHarness, waitFor, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('shutdown', () => {
  it('closes every socket with 1001, announces each player to its hall and stops accepting', async () => {
    h = await startHarness();
    const players = [];
    for (const name of ['a', 'b', 'c']) {
      const c = await h.client();
      const closed = new Promise<{ code: number }>((resolve) => c.onClose(resolve));
      const { userId } = await c.login({ name });
      players.push({ userId, closed });
    }
    const idle = await h.raw(); // connected, not logged in
    await h.gate.close();
    for (const p of players) expect((await p.closed).code).toBe(1001);
    expect((await idle.closed).code).toBe(1001);
    const announced = [...h.servers.values()].flatMap((s) => s.disconnected.map((d) => d.userId));
    expect(announced.sort()).toEqual(players.map((p) => p.userId).sort());
    expect(h.gate.connections).toBe(0);
    expect(h.runtime.ready).toBe(false);
    const late = new WebSocket(h.url);
    const err = await new Promise<Error>((resolve) => late.on('error', resolve));
    expect(err.message).toMatch(/ECONNREFUSED/);
  });
});

describe('metrics and load', () => {
  it('reports connections as load and counts messages, errors and round trips', async () => {
    h = await startHarness();
    const c = await h.client();
    await c.login({ name: 'm' });
    await c.echo('x');
    await expect(c.request('chess.move')).rejects.toMatchObject({ code: 'UNKNOWN_ROUTE' });
    await h.raw();
    await waitFor(() => h!.runtime.load === 2);
    const text = await h.runtime.metrics.metrics();
    expect(text).toMatch(/hallway_gate_connections 2/);
    expect(text).toMatch(/hallway_gate_sessions 1/);
    expect(text).toMatch(/hallway_gate_messages_in_total\{format="json",target="gate"\} 1/);
    expect(text).toMatch(/hallway_gate_messages_in_total\{format="json",target="hall"\} 1/);
    expect(text).toMatch(/hallway_gate_messages_out_total\{format="json",kind="reply"\} 3/);
    expect(text).toMatch(/hallway_gate_errors_total\{code="UNKNOWN_ROUTE"\} 1/);
    expect(text).toMatch(/hallway_gate_request_duration_seconds_count\{target="hall"\} 1/);
    await c.close();
    await waitFor(() => h!.runtime.load === 1);
  });
});
