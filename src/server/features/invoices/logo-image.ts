// Whether a logo is an image the invoice PDF can draw, decided on upload. Magic bytes are not enough: pdfkit
// inflates a PNG's pixels in a zlib callback, so a damaged PNG (a bad checksum, truncated data) would throw where no
// request can catch it, and every invoice PDF after it would fail. So a PNG is read whole here: every chunk's CRC,
// the header's sizes and depths, and the pixel data inflated to exactly the size the header promises. A JPEG is
// read up to its frame header (pdfkit embeds JPEG bytes as they are and reads only that). Both are bounded in pixels,
// so a small file cannot unpack into gigabytes. Pure: bytes in, an answer out.
import { crc32, inflateSync } from 'node:zlib';

export interface LogoImage {
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

/** 16 megapixels: far more than a logo drawn 4 cm wide needs, far less than a decompression bomb. */
export const MAX_LOGO_PIXELS = 4096 * 4096;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Channels per PNG colour type, and the bit depths each allows (PNG spec, table 11.1). */
const PNG_COLOUR_TYPES: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};
/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The logo's kind and size, or null when it is not a whole PNG or JPEG within the bounds. */
export function readLogoImage(bytes: Buffer): LogoImage | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return readPng(bytes);
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return readJpeg(bytes);
  return null;
}

function readPng(bytes: Buffer): LogoImage | null {
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | null = null;
  let hasPalette = false;
  const data: Buffer[] = [];
  let offset = 8;
  for (;;) {
    if (offset + 12 > bytes.length) return null; // ended before IEND
    const length = bytes.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) return null;
    const typeAndData = bytes.subarray(offset + 4, offset + 8 + length);
    if (crc32(typeAndData) !== bytes.readUInt32BE(offset + 8 + length)) return null;
    const type = typeAndData.subarray(0, 4).toString('latin1');
    const body = typeAndData.subarray(4);
    if ((type === 'IHDR') !== (header === null)) return null; // IHDR first, and only once
    if (type === 'IHDR') {
      if (length !== 13) return null;
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8]!,
        colour: body[9]!,
        interlace: body[12]!,
      };
    } else if (type === 'PLTE') hasPalette = true;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset = end;
  }
  if (!header || data.length === 0) return null;
  const { width, height, depth, colour, interlace } = header;
  const kind = PNG_COLOUR_TYPES[colour];
  if (!kind || !kind.depths.includes(depth) || interlace > 1 || (colour === 3 && !hasPalette)) return null;
  if (width === 0 || height === 0 || width * height > MAX_LOGO_PIXELS) return null;
  const bitsPerPixel = kind.channels * depth;
  const rowBytes = (w: number) => 1 + Math.ceil((w * bitsPerPixel) / 8); // a filter byte, then the pixels
  const expected =
    interlace === 0
      ? height * rowBytes(width)
      : ADAM7.reduce((sum, [x0, y0, dx, dy]) => {
          const w = Math.ceil((width - x0) / dx);
          const h = Math.ceil((height - y0) / dy);
          return w > 0 && h > 0 ? sum + h * rowBytes(w) : sum;
        }, 0);
  try {
    const pixels = inflateSync(Buffer.concat(data), { maxOutputLength: expected + 1 });
    return pixels.length === expected ? { mime: 'image/png', width, height } : null;
  } catch {
    return null; // a bad zlib stream, or more data than the header promises
  }
}

/** Start-of-frame markers of the JPEG processes (not DHT C4, JPG C8 or DAC CC). */
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function readJpeg(bytes: Buffer): LogoImage | null {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame header
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return null;
    if (SOF_MARKERS.has(marker)) {
      if (length < 8) return null;
      const height = bytes.readUInt16BE(offset + 5);
      const width = bytes.readUInt16BE(offset + 7);
      const components = bytes[offset + 9];
      if (width === 0 || height === 0 || width * height > MAX_LOGO_PIXELS) return null;
      if (components !== 1 && components !== 3 && components !== 4) return null;
      return { mime: 'image/jpeg', width, height };
    }
    offset += 2 + length;
  }
  return null;
}
