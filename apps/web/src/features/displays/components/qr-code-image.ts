import QRCode from 'qrcode';

/**
 * A QR code of `text` as a data URL image. SVG rather than PNG: it needs no canvas, stays sharp
 * at any size and is small.
 */
export async function qrCodeDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#141720', light: '#ffffff' },
  });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
