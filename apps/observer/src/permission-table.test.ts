import type { ServerInfo } from '@hallway/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PERMISSION_TABLE } from './config.js';
import { observerPermissions, permissionListFor, viewFor } from './permission-table.js';

const info = (id: string, load = 0): ServerInfo => ({ id, type: id.replace(/\d+$/, '') as ServerInfo['type'], epoch: 1, load, meta: {} });
const live = [info('gate001'), info('gate002'), info('hall001', 3), info('game001', 1), info('game002', 0)];

describe('permission table', () => {
  it('gives each type the live servers of the types it may publish to', () => {
    expect(permissionListFor('gate', DEFAULT_PERMISSION_TABLE, live)).toEqual({
      hall: ['hall001'],
      game: ['game001', 'game002'],
      observer: ['observer'],
    });
    expect(permissionListFor('hall', DEFAULT_PERMISSION_TABLE, live)).toEqual({
      gate: ['gate001', 'gate002'],
      game: ['game001', 'game002'],
      observer: ['observer'],
    });
    expect(permissionListFor('game', DEFAULT_PERMISSION_TABLE, live)).toEqual({
      gate: ['gate001', 'gate002'],
      observer: ['observer'],
    });
  });

  it('lists a permitted type with no live servers as empty, and leaves out types not in the table', () => {
    expect(permissionListFor('hall', { hall: ['game', 'observer'] }, [info('gate001')])).toEqual({ game: [], observer: ['observer'] });
    expect(permissionListFor('gate', {}, live)).toEqual({});
  });

  it('builds a view with the servers behind the list and the version', () => {
    const view = viewFor(info('hall001'), { hall: ['game', 'observer'] }, live, 42);
    expect(view).toEqual({ version: 42, permissions: { game: ['game001', 'game002'], observer: ['observer'] }, servers: [info('game001', 1), info('game002', 0)] });
  });

  it('lets the observer publish to every live server', () => {
    expect(observerPermissions(live)).toEqual({ gate: ['gate001', 'gate002'], hall: ['hall001'], game: ['game001', 'game002'] });
    expect(observerPermissions([])).toEqual({});
  });
});
