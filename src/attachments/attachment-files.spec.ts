import {
  contentDisposition,
  formatBytes,
  sanitizeFileName,
  type DetectedType,
} from './attachment-files';

const PDF: DetectedType = { ext: 'pdf', mime: 'application/pdf' };
const JPG: DetectedType = { ext: 'jpg', mime: 'image/jpeg' };

describe('sanitizeFileName', () => {
  it.each([
    ['论文全文.pdf', PDF, '论文全文.pdf'],
    ['C:\\Users\\张三\\桌面\\论文.pdf', PDF, '论文.pdf'],
    ['../../etc/passwd', PDF, 'passwd.pdf'],
    ['证书\u0000\u0007\u001b[31m.pdf', PDF, '证书[31m.pdf'],
    ['photo\u202egpj.exe', JPG, 'photogpj.exe.jpg'],
    ['a<b>:c|d?e*f".pdf', PDF, 'a_b__c_d_e_f_.pdf'],
    ['  ..隐藏文件.pdf  ', PDF, '隐藏文件.pdf'],
    ['扫描件', PDF, '扫描件.pdf'],
    ['照片.JPEG', JPG, '照片.JPEG'],
    ['照片.png', JPG, '照片.png.jpg'],
    ['', PDF, '附件.pdf'],
    [undefined, PDF, '附件.pdf'],
    ['...', PDF, '附件.pdf'],
    ['/', PDF, '附件.pdf'],
    ['.pdf', PDF, 'pdf.pdf'],
  ])('%j → %j', (raw, type, expected) => {
    expect(sanitizeFileName(raw, type)).toBe(expected);
  });

  it('caps the name at 200 UTF-8 bytes without splitting a character, keeping the extension', () => {
    const name = sanitizeFileName(`${'成果'.repeat(200)}.pdf`, PDF);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
    expect(name).toMatch(/^(成果)+成?\.pdf$/);
    expect(name.length).toBe(65 + 4); // 65 × 3 bytes + ".pdf"
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact name as RFC 5987 filename*', () => {
    expect(contentDisposition('成果证明 (终稿).pdf')).toBe(
      `attachment; filename="____ (__).pdf"; filename*=UTF-8''` +
        '%E6%88%90%E6%9E%9C%E8%AF%81%E6%98%8E%20%28%E7%BB%88%E7%A8%BF%29.pdf',
    );
  });

  it('cannot be broken out of by quotes, backslashes or percent signs', () => {
    expect(contentDisposition(`a"b\\c%41'd*.pdf`)).toBe(
      `attachment; filename="a_b_c_41'd*.pdf"; filename*=UTF-8''a%22b%5Cc%2541%27d%2A.pdf`,
    );
  });
});

describe('formatBytes', () => {
  it.each([
    [20 * 1024 * 1024, '20 MB'],
    [1536 * 1024, '1.5 MB'],
    [2048, '2 KB'],
    [100, '100 字节'],
  ])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
