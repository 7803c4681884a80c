import { serverTypeOf, type ServerType } from '@hallway/protocol';

/**
 * A publish-permission list: for each server type this server may publish to, the ids
 * of the live servers of that type. The observer pushes a new one with every heartbeat
 * reply and whenever the cluster changes.
 */
export type PermissionList = Partial<Record<ServerType, readonly string[]>>;

/**
 * The list a server starts with, before the observer has answered: only the observer,
 * so that it can register.
 */
export const BOOTSTRAP_PERMISSIONS: PermissionList = Object.freeze({ observer: ['observer'] });

/** The current permission list, replaceable at runtime, with O(1) checks. */
export class Permissions {
  private list: PermissionList = {};
  private allowed = new Set<string>();

  constructor(
    private readonly self: string,
    initial: PermissionList,
  ) {
    this.replace(initial);
  }

  replace(list: PermissionList): void {
    const copy: PermissionList = {};
    const allowed = new Set<string>();
    for (const [type, ids] of Object.entries(list) as [ServerType, readonly string[]][]) {
      copy[type] = Object.freeze([...ids]);
      for (const id of ids) allowed.add(id);
    }
    this.list = Object.freeze(copy);
    this.allowed = allowed;
  }

  get current(): PermissionList {
    return this.list;
  }

  /** A server may always publish to itself (its liveness probe does). */
  allows(serverId: string): boolean {
    return serverId === this.self || this.allowed.has(serverId);
  }

  /** The permitted ids of one type, or undefined when the type is not permitted at all. */
  idsOf(type: ServerType): readonly string[] | undefined {
    return this.list[type];
  }

  /** Every permitted id, for error messages. */
  all(): string[] {
    return [...this.allowed];
  }

  /** The type of a server id, for callers that route by type. */
  static typeOf(serverId: string): ServerType | undefined {
    return serverTypeOf(serverId);
  }
}
