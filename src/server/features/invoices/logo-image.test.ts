// The logo check: whole PNGs of every colour type and depth (plain and interlaced) and JPEG frame headers are read
// with their sizes; any damage to a PNG's bytes is caught here rather than by pdfkit in a zlib callback.
import { crc32, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { MAX_LOGO_PIXELS, readLogoImage } from './logo-image.js';

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** A non-interlaced PNG of the given kind, every row filter 0, pixels from `seed`. */
function png(width: number, height: number, colour = 6, depth = 8, seed = 7): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = depth;
  header[9] = colour;
  const rowBytes = Math.ceil((width * CHANNELS[colour]! * depth) / 8);
  const raw = Buffer.alloc(height * (rowBytes + 1));
  for (let i = 0; i < raw.length; i++) raw[i] = i % (rowBytes + 1) === 0 ? 0 : (i * seed) & 0xff;
  const palette = colour === 3 ? [chunk('PLTE', Buffer.alloc(3 * 256, 0x80))] : [];
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...palette,
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG reduced to what is read: SOI, an APP0 segment, a baseline frame header. */
function jpeg(width: number, height: number, components = 3): Buffer {
  const sof = Buffer.alloc(2 + 2 + 6 + 3 * components);
  sof.writeUInt16BE(0xffc0, 0);
  sof.writeUInt16BE(8 + 3 * components, 2);
  sof[4] = 8;
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  sof[9] = components;
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46]), sof, Buffer.from([0xff, 0xd9])]);
}

describe('readLogoImage', () => {
  it('reads PNGs of every colour type and allowed depth', () => {
    for (const [colour, depths] of [
      [0, [1, 2, 4, 8, 16]],
      [2, [8, 16]],
      [3, [1, 2, 4, 8]],
      [4, [8, 16]],
      [6, [8, 16]],
    ] as const) {
      for (const depth of depths)
        expect(readLogoImage(png(13, 5, colour, depth))).toEqual({ mime: 'image/png', width: 13, height: 5 });
    }
  });

  it('refuses depths a colour type does not allow, a palette image without palette, and empty or giant sizes', () => {
    expect(readLogoImage(png(4, 4, 2, 4))).toBeNull();
    const noPalette = png(4, 4, 3, 8);
    const plte = noPalette.indexOf('PLTE', 0, 'latin1') - 4;
    expect(readLogoImage(Buffer.concat([noPalette.subarray(0, plte), noPalette.subarray(plte + 12 + 768)]))).toBeNull();
    expect(readLogoImage(png(0, 4))).toBeNull();
    // The header's promise is checked before anything is inflated.
    const side = Math.sqrt(MAX_LOGO_PIXELS) + 1;
    const giant = png(1, 1);
    giant.writeUInt32BE(side, 16);
    giant.writeUInt32BE(side, 20);
    giant.writeUInt32BE(crc32(giant.subarray(12, 29)), 29);
    expect(readLogoImage(giant)).toBeNull();
  });

  it('reads an interlaced PNG by the sizes of its seven passes', () => {
    // 3×3 RGBA interlaced: passes 1, 2 (none), 3 (none), 4 (none… for x≥2: 1×1), 5, 6, 7.
    const width = 3;
    const height = 3;
    const passes = [
      [0, 0, 8, 8],
      [4, 0, 8, 8],
      [0, 4, 4, 8],
      [2, 0, 4, 4],
      [0, 2, 2, 4],
      [1, 0, 2, 2],
      [0, 1, 1, 2],
    ];
    const raw: number[] = [];
    for (const [x0, y0, dx, dy] of passes) {
      const w = Math.ceil((width - x0!) / dx!);
      const h = Math.ceil((height - y0!) / dy!);
      if (w > 0 && h > 0) for (let r = 0; r < h; r++) raw.push(0, ...Array<number>(w * 4).fill(200));
    }
    const plain = png(width, height);
    const header = Buffer.from(plain.subarray(16, 29));
    header[12] = 1;
    const interlaced = Buffer.concat([
      plain.subarray(0, 8),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(Buffer.from(raw))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect(readLogoImage(interlaced)).toEqual({ mime: 'image/png', width: 3, height: 3 });
    // The same pixels read as if not interlaced are too few.
    header[12] = 0;
    const wrong = Buffer.concat([
      plain.subarray(0, 8),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(Buffer.from(raw))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect(readLogoImage(wrong)).toBeNull();
  });

  it('finds damage anywhere in a PNG: every changed byte is refused or still a whole image', () => {
    const good = png(6, 4, 6, 8, 13);
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const damaged = Buffer.from(good);
        damaged[at]! ^= flip;
        const read = readLogoImage(damaged);
        // The CRCs cover every chunk; the signature and lengths are checked too. Nothing damaged gets through.
        expect(read).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary bytes behind a PNG or JPEG signature, and cut-short images are refused', () => {
    const good = png(5, 5);
    for (let end = 8; end < good.length; end++) expect(readLogoImage(good.subarray(0, end))).toBeNull();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (tail, asPng) => {
        const head = asPng ? good.subarray(0, 8) : Buffer.from([0xff, 0xd8, 0xff]);
        expect(() => readLogoImage(Buffer.concat([head, Buffer.from(tail)]))).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('reads JPEG frame headers, refusing one without a frame or with a zero or giant size', () => {
    expect(readLogoImage(jpeg(120, 40))).toEqual({ mime: 'image/jpeg', width: 120, height: 40 });
    expect(readLogoImage(jpeg(120, 40, 1))).toEqual({ mime: 'image/jpeg', width: 120, height: 40 });
    expect(readLogoImage(jpeg(0, 40))).toBeNull();
    expect(readLogoImage(jpeg(120, 40, 2))).toBeNull();
    expect(readLogoImage(jpeg(65535, 65535))).toBeNull();
    expect(readLogoImage(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
    expect(readLogoImage(Buffer.from('GIF89a'))).toBeNull();
  });

  it('whatever it accepts, pdfkit draws without an error, synchronous or later', async () => {
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      for (const image of [png(8, 8, 6, 8), png(8, 8, 2, 16), png(8, 8, 3, 8), png(8, 8, 0, 1)]) {
        expect(readLogoImage(image)).not.toBeNull();
        const doc = new PDFDocument();
        const done = new Promise<void>((resolve, reject) => {
          doc.on('end', resolve);
          doc.on('error', reject);
        });
        doc.on('data', () => undefined);
        doc.image(image, 10, 10, { fit: [50, 50] });
        doc.end();
        await done;
      }
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(errors).toEqual([]);
  });
});
