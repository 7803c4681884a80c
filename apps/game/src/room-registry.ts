import { randomBytes } from 'node:crypto';
import type { Room } from './room.js';

/**
 * The rooms this game server runs, by id and by player. Only this process holds them;
 * the store has a mirror for the halls' room list.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly byUser = new Map<string, string>();
  private counter = 0;

  constructor(private readonly serverId: string) {}

  get size(): number {
    return this.rooms.size;
  }

  /**
   * Unique across the cluster and across restarts of this id: the server id says
   * where, the counter keeps ids short and ordered, the random part tells a restarted
   * server's rooms from its predecessor's.
   */
  nextId(): string {
    this.counter += 1;
    return `${this.serverId}-${this.counter.toString(36)}-${randomBytes(3).toString('hex')}`;
  }

  add(room: Room): void {
    this.rooms.set(room.roomId, room);
    for (const p of room.present()) this.byUser.set(p.userId, room.roomId);
  }

  /** Records that `userId` now sits in `room` (after a join). */
  seat(userId: string, room: Room): void {
    this.byUser.set(userId, room.roomId);
  }

  /** Forgets that `userId` sits in `roomId` (after leaving); a newer seat is kept. */
  unseat(userId: string, roomId: string): void {
    if (this.byUser.get(userId) === roomId) this.byUser.delete(userId);
  }

  get(roomId: string): Room | undefined {
    return this.rooms.get(roomId);
  }

  /** The room where `userId` is present, if any. */
  roomOf(userId: string): Room | undefined {
    const roomId = this.byUser.get(userId);
    const room = roomId === undefined ? undefined : this.rooms.get(roomId);
    return room?.player(userId) ? room : undefined;
  }

  remove(room: Room): void {
    if (this.rooms.get(room.roomId) !== room) return;
    this.rooms.delete(room.roomId);
    for (const p of room.players) this.unseat(p.userId, room.roomId);
  }

  all(): Room[] {
    return [...this.rooms.values()];
  }
}
