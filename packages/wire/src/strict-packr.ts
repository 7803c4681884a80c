import { Packr } from 'msgpackr';

/**
 * The msgpack codec every hallway wire uses (bus envelopes, client frames in the gate and
 * in the client SDK): plain maps, arrays and scalars only — no records, no structured
 * clones, no shared structures between messages — so that both sides decode exactly
 * what JSON would carry. Extensions that msgpackr still decodes (dates, sets, …) are
 * refused afterwards by `isPlainData`.
 */
export function createStrictPackr(): Packr {
  return new Packr({
    useRecords: false,
    moreTypes: false,
    structuredClone: false,
    mapsAsObjects: true,
    sequential: false,
    int64AsType: 'number',
    // Like JSON: an undefined property is left out rather than sent as an extension.
    // (skipValues is supported by msgpackr 2 but missing from its Options type.)
    skipValues: [undefined],
  } as ConstructorParameters<typeof Packr>[0]);
}
