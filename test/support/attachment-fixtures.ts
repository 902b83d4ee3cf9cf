import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

/**
 * Small but well-formed files of every accepted type, built here so the tests show exactly what
 * they send: a one-page PDF with a correct xref table, a 1×1 greyscale PNG, a 1×1 baseline JPEG,
 * and DOCX and XLSX packages with the minimal Office Open XML parts.
 */

/** A one-page PDF; `size` pads it with a comment line to exactly that many bytes. */
export function pdf(size?: number): Buffer {
  const build = (padding: number) => {
    const objects = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    ];
    let body = '%PDF-1.4\n';
    if (padding > 0) body += `%${'x'.repeat(padding)}\n`;
    const offsets: number[] = [];
    objects.forEach((object, i) => {
      offsets.push(Buffer.byteLength(body));
      body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    });
    const xref = Buffer.byteLength(body);
    body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
    body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(body, 'latin1');
  };
  if (size === undefined) return build(0);
  // The padding line costs its length plus "%" and "\n"; the startxref digits may shift by one.
  for (let padding = Math.max(1, size - build(0).length - 2); padding > 0; padding--) {
    const out = build(padding);
    if (out.length === size) return out;
    if (out.length < size) break;
  }
  throw new Error(`cannot build a PDF of exactly ${size} bytes`);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A 1×1 mid-grey PNG. */
export function png(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // colour type: greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from([0x00, 0x80]))), // filter "none", one pixel
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A 1×1 greyscale baseline JPEG: one 8×8 block whose DC difference and AC run are both zero, so
 * the DC and AC Huffman tables need one 1-bit code each ("0": category 0, and "0": end of block).
 */
export function jpeg(): Buffer {
  const segment = (marker: number, data: number[]) => [
    0xff,
    marker,
    (data.length + 2) >> 8,
    (data.length + 2) & 0xff,
    ...data,
  ];
  const oneCodeOfLengthOne = [1, ...new Array<number>(15).fill(0)];
  return Buffer.from([
    0xff,
    0xd8, // SOI
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]), // APP0 JFIF 1.1
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]), // DQT table 0, all ones
    ...segment(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]), // SOF0: 8 bit, 1×1, one component
    ...segment(0xc4, [0x00, ...oneCodeOfLengthOne, 0x00]), // DHT DC 0: "0" → category 0
    ...segment(0xc4, [0x10, ...oneCodeOfLengthOne, 0x00]), // DHT AC 0: "0" → end of block
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS
    0b00111111, // DC "0", EOB "0", padded with ones
    0xff,
    0xd9, // EOI
  ]);
}

/** A zip archive with deflated entries (local headers, central directory, end record). */
export function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const raw = Buffer.from(text, 'utf8');
    const data = deflateRawSync(raw);
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const PKG = 'http://schemas.openxmlformats.org/package/2006';
const OFFICE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const OOXML = 'application/vnd.openxmlformats-officedocument';

function contentTypes(overrides: Record<string, string>): string {
  return (
    `${XML}<Types xmlns="${PKG}/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    Object.entries(overrides)
      .map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`)
      .join('') +
    `</Types>`
  );
}

function relationships(type: string, target: string): string {
  return (
    `${XML}<Relationships xmlns="${PKG}/relationships">` +
    `<Relationship Id="rId1" Type="${OFFICE}/${type}" Target="${target}"/></Relationships>`
  );
}

/** A Word document with one paragraph. */
export function docx(text = '成果应用证明'): Buffer {
  return zip({
    '[Content_Types].xml': contentTypes({
      '/word/document.xml': `${OOXML}.wordprocessingml.document.main+xml`,
    }),
    '_rels/.rels': relationships('officeDocument', 'word/document.xml'),
    'word/document.xml':
      `${XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
      `<w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  });
}

/** An Excel workbook with one empty sheet. */
export function xlsx(): Buffer {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  return zip({
    '[Content_Types].xml': contentTypes({
      '/xl/workbook.xml': `${OOXML}.spreadsheetml.sheet.main+xml`,
      '/xl/worksheets/sheet1.xml': `${OOXML}.spreadsheetml.worksheet+xml`,
    }),
    '_rels/.rels': relationships('officeDocument', 'xl/workbook.xml'),
    'xl/workbook.xml':
      `${XML}<workbook xmlns="${main}" xmlns:r="${OFFICE}">` +
      `<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': relationships('worksheet', 'worksheets/sheet1.xml'),
    'xl/worksheets/sheet1.xml': `${XML}<worksheet xmlns="${main}"><sheetData/></worksheet>`,
  });
}
