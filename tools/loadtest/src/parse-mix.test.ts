import { describe, expect, it } from 'vitest';
import { parseMix } from './parse-mix.js';
import { assignScenarios } from './run-load-test.js';

describe('parseMix', () => {
  it('reads weights and bare names', () => {
    expect(parseMix('echo=8, chat=1,game=1')).toEqual({ echo: 8, chat: 1, game: 1 });
    expect(parseMix('echo,idle')).toEqual({ echo: 1, idle: 1 });
  });

  it('refuses unknown scenarios, bad weights and an empty mix', () => {
    expect(() => parseMix('echo,fly')).toThrow(/unknown scenario "fly"/);
    expect(() => parseMix('echo=-1')).toThrow(/bad weight/);
    expect(() => parseMix('echo=0')).toThrow(/empty/);
  });
});

describe('assignScenarios', () => {
  it('gives each scenario its share, interleaved', () => {
    const s = assignScenarios(10, { echo: 8, game: 2 });
    expect(s.filter((x) => x === 'echo')).toHaveLength(8);
    expect(s.filter((x) => x === 'game')).toHaveLength(2);
    // Interleaved rather than in blocks, so bots spread round-robin over gates get the same mix.
    expect(s.slice(0, 5).filter((x) => x === 'game')).toHaveLength(1);
  });

  it('rounds small shares sensibly', () => {
    const s = assignScenarios(3, { echo: 1, chat: 1, game: 1 });
    expect(new Set(s)).toEqual(new Set(['echo', 'chat', 'game']));
  });
});
