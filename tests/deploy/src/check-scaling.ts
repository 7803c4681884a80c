import type { ComposeService } from './compose-file.js';

/**
 * `docker compose up --scale hall=3 --scale game=2` must need no per-replica settings:
 * no hallway service may pin SERVER_ID, a container_name or a hostname, or publish a
 * fixed host port — except the observer (one of it, by design) and the gates, whose
 * host port must be a range so that every replica gets one.
 */
export function checkScaling(services: readonly ComposeService[]): string[] {
  const problems: string[] = [];
  for (const s of services) {
    if (s.app === undefined) continue;
    if (s.environment.SERVER_ID !== undefined) problems.push(`${s.name} sets SERVER_ID: replicas would fight over one id (leave it unset: each replica leases one)`);
    if (s.containerName !== undefined) problems.push(`${s.name} sets container_name "${s.containerName}": --scale ${s.name}=2 fails on a fixed name`);
    if (s.hostname !== undefined) problems.push(`${s.name} sets hostname "${s.hostname}": every replica would have the same one`);
    for (const port of s.ports) {
      if (port.published === undefined || s.app === 'observer') continue;
      if (s.app === 'gate' && /^\d+-\d+$/.test(port.published)) continue;
      problems.push(
        s.app === 'gate'
          ? `${s.name} publishes the fixed host port ${port.raw}: use a range (e.g. "8000-8009:8000") so that --scale gate=N works`
          : `${s.name} publishes host port ${port.raw}: a second replica could not bind it (${s.name} needs no published port)`,
      );
    }
  }
  return problems;
}
