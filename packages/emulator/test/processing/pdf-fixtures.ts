import { PDFDocument, PDFHexString, StandardFonts } from "pdf-lib";

/** Builds a text-bearing PDF with one page per entry; each page's lines are drawn top to bottom. */
export async function makePdf(pages: readonly (readonly string[])[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([612, 792]);
    let y = 740;
    for (const line of lines) {
      if (line !== "") page.drawText(line, { x: 50, y, size: 11, font });
      y -= 16;
    }
  }
  return pdf.save();
}

/**
 * A PDF whose trailer declares Standard encryption with a user password: pdf.js cannot open it without the
 * password (the empty password does not validate against /U), which is how a password-protected upload looks.
 */
export async function makeEncryptedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([612, 792]).drawText("Secret invoice", { x: 50, y: 740, size: 11, font });
  const context = pdf.context;
  context.trailerInfo.Encrypt = context.obj({
    Filter: "Standard",
    V: 1,
    R: 2,
    O: PDFHexString.of("ab".repeat(32)),
    U: PDFHexString.of("cd".repeat(32)),
    P: -4,
  });
  context.trailerInfo.ID = context.obj([PDFHexString.of("01".repeat(16)), PDFHexString.of("01".repeat(16))]);
  return pdf.save();
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
