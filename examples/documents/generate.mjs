#!/usr/bin/env node
// Generates the sample PDFs of examples/documents with pdf-lib. Deterministic: fixed metadata and dates, no
// object streams, so re-running it rewrites byte-identical files (the PDFs are committed).
// Run from the repository root: `node examples/documents/generate.mjs [outDir]` (default: this folder; the
// emulator's tests generate into a temporary folder and compare with the committed files). pdf-lib is resolved
// from the emulator package, which has it as a devDependency.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "../../packages/emulator/package.json"));
const { PDFDocument, StandardFonts, rgb } = require("pdf-lib");

const outDir = process.argv[2] ? resolve(process.argv[2]) : here;
const FIXED_DATE = new Date("2025-05-01T12:00:00.000Z");
const PAGE = { width: 612, height: 792, margin: 56 };
const BODY_SIZE = 10;
const LINE_HEIGHT = 14;

/**
 * A page is a list of blocks:
 *  { title: "INVOICE" }                   — bold, large
 *  { text: "Label: value" }               — one line (wrapped if too long)
 *  { bold: "ACME CORPORATION" }           — bold line
 *  { row: ["Description", "Qty", …] }      — table row, cells at the column x positions of the document
 *  { gap: true }                          — vertical space
 */
const DOCUMENTS = [
  {
    file: "invoice-globex.pdf",
    title: "Invoice GX-88213",
    author: "Globex GmbH",
    columns: [0, 260, 310, 410],
    pages: [
      [
        { bold: "GLOBEX GMBH" },
        { text: "Friedrichstraße 123, 10117 Berlin, Germany" },
        { text: "VAT ID: DE812345678" },
        { gap: true },
        { title: "INVOICE" },
        { gap: true },
        { text: "Invoice No.: GX-88213" },
        { text: "Date: 14.03.2025" },
        { text: "Due: 28.03.2025" },
        { text: "Supplier: Globex GmbH" },
        { text: "Customer: Umbrella Research B.V., Keizersgracht 62, 1015 CS Amsterdam, Netherlands" },
        { text: "Customer Reference: PO-77120" },
        { gap: true },
        { row: ["Description", "Qty", "Unit price", "Amount"], bold: true },
        { row: ["Managed cloud hosting, March 2025", "1", "8.400,00 €", "8.400,00 €"] },
        { row: ["Database support hours", "12", "145,00 €", "1.740,00 €"] },
        { row: ["SSL certificates (wildcard)", "2", "173,91 €", "347,82 €"] },
        { gap: true },
        { text: "Net amount: 10.487,82 €" },
        { text: "VAT 19%: 1.992,68 €" },
        { text: "Amount Due: 12.480,50 €" },
        { gap: true },
        { text: "Payable within 14 days to IBAN DE89 3704 0044 0532 0130 00 (BIC COBADEFFXXX)." },
        {
          text: "Globex GmbH, Amtsgericht Berlin-Charlottenburg HRB 204519, Managing Director: Hank Scorpio.",
        },
      ],
    ],
  },
  {
    file: "contract-services.pdf",
    title: "Master Services Agreement MSA-2025-031",
    author: "Northwind Consulting LLC",
    pages: [
      [
        { title: "MASTER SERVICES AGREEMENT" },
        { gap: true },
        { text: "Agreement Number: MSA-2025-031" },
        { text: "Effective Date: May 1, 2025" },
        { gap: true },
        {
          text: 'This Master Services Agreement (the "Agreement") is entered into on the Effective Date by and between the following parties:',
        },
        { text: 'Client: Initech Software Inc., 4120 Freidrich Lane, Austin, TX 78744 ("Client")' },
        {
          text: 'Provider: Northwind Consulting LLC, 77 Market Street, San Francisco, CA 94105 ("Provider")',
        },
        { gap: true },
        {
          text: '1. Services. Provider shall perform the software consulting services described in each statement of work signed by both parties (each, an "SOW"). Each SOW is governed by the terms of this Agreement.',
        },
        {
          text: "2. Term. This Agreement commences on the Effective Date and continues for twelve (12) months unless terminated earlier under Section 7. It renews for successive one-year terms unless either party gives notice of non-renewal.",
        },
        {
          text: "3. Fees. Client shall pay Provider a monthly retainer of USD 18,500.00. Provider invoices monthly in arrears; Client shall pay each undisputed amount within thirty (30) days.",
        },
        {
          text: "4. Confidentiality. Each party shall hold the other party's confidential information in strict confidence and use it only to perform its obligations under this Agreement.",
        },
        { gap: true },
        { text: "Page 1 of 2" },
      ],
      [
        {
          text: "5. Intellectual Property. Upon full payment, Provider hereby assigns to Client all rights in the deliverables created under an SOW, excluding Provider's pre-existing tools and know-how.",
        },
        {
          text: "6. Limitation of Liability. Neither party is liable for indirect or consequential damages. Each party's total liability is limited to the fees paid in the twelve months before the claim.",
        },
        {
          text: "7. Termination. Either party may terminate this Agreement for convenience on thirty (30) days' written notice, or immediately if the other party materially breaches its obligations and fails to cure within fifteen (15) days.",
        },
        {
          text: "8. Governing Law. This Agreement is governed by the laws of the State of California. The parties submit to the courts of San Francisco County.",
        },
        { gap: true },
        { text: "IN WITNESS WHEREOF, the parties have signed this Agreement as of the Effective Date." },
        { gap: true },
        { row: ["Initech Software Inc.", "Northwind Consulting LLC"], columnsOverride: [0, 260] },
        { row: ["Signature: Samir Nagheenanajar", "Signature: Joanna Delgado"], columnsOverride: [0, 260] },
        { row: ["Title: VP Engineering", "Title: Managing Partner"], columnsOverride: [0, 260] },
        { row: ["Date: April 24, 2025", "Date: April 25, 2025"], columnsOverride: [0, 260] },
        { gap: true },
        { text: "Page 2 of 2" },
      ],
    ],
  },
  {
    file: "packet.pdf",
    title: "Onboarding packet: invoice, receipt and NDA",
    author: "Initech Software Inc. Accounts Payable",
    columns: [0, 280, 330, 420],
    pages: [
      [
        { bold: "NORTHWIND CONSULTING LLC" },
        { text: "77 Market Street, San Francisco, CA 94105" },
        { gap: true },
        { title: "INVOICE" },
        { gap: true },
        { text: "Invoice Number: NW-2025-0098" },
        { text: "Invoice Date: 2025-05-31" },
        { text: "Due Date: 2025-06-30" },
        { text: "Vendor: Northwind Consulting LLC" },
        { text: "Bill To: Initech Software Inc., 4120 Freidrich Lane, Austin, TX 78744" },
        { text: "Reference: MSA-2025-031" },
        { gap: true },
        { row: ["Description", "Hours", "Rate", "Amount"], bold: true },
        { row: ["Monthly retainer, May 2025", "1", "$18,500.00", "$18,500.00"] },
        { row: ["Architecture review workshop", "16", "$225.00", "$3,600.00"] },
        { row: ["Travel expenses (at cost)", "1", "$1,284.60", "$1,284.60"] },
        { gap: true },
        { text: "Continued on the next page." },
      ],
      [
        { bold: "NORTHWIND CONSULTING LLC" },
        { text: "Invoice NW-2025-0098 (continued)" },
        { gap: true },
        { text: "Subtotal: $23,384.60" },
        { text: "Sales Tax: $0.00" },
        { text: "Total Due: $23,384.60" },
        { text: "Currency: USD" },
        { gap: true },
        { text: "Payment terms: net 30. Please remit by ACH to account 4401-2291-07, routing 121000248." },
        { text: "Questions about this invoice: billing@northwind.example" },
      ],
      [
        { bold: "SUMMIT OFFICE SUPPLY" },
        { text: "2200 Congress Avenue, Austin, TX 78701" },
        { gap: true },
        { title: "CUSTOMER RECEIPT" },
        { gap: true },
        { text: "Receipt No.: 55-20931" },
        { text: "Date: 06/03/2025 14:12" },
        { text: "Cashier: Devon" },
        { gap: true },
        { row: ["Ergonomic desk chair", "1", "$349.00"], columnsOverride: [0, 300, 400] },
        { row: ["Monitor arm, dual", "2", "$129.98"], columnsOverride: [0, 300, 400] },
        { row: ["Whiteboard markers, 12-pack", "3", "$26.97"], columnsOverride: [0, 300, 400] },
        { gap: true },
        { text: "Subtotal: $505.95" },
        { text: "Sales Tax (8.25%): $41.74" },
        { text: "Total Paid: $547.69" },
        { text: "Payment method: Mastercard **** 0381 (chip)" },
        { text: "Transaction ID: T-8842-1170" },
        { gap: true },
        { text: "Returns accepted within 30 days with this receipt. Thank you for shopping with us!" },
      ],
      [
        { title: "MUTUAL NON-DISCLOSURE AGREEMENT" },
        { gap: true },
        { text: "Effective Date: June 2, 2025" },
        { gap: true },
        {
          text: 'This Mutual Non-Disclosure Agreement (the "Agreement") is made between Initech Software Inc. and Northwind Consulting LLC (each a "party", together the "parties").',
        },
        {
          text: "1. Confidential Information. Confidential information means any non-public business, technical or financial information that one party discloses to the other party, in any form.",
        },
        {
          text: "2. Obligations. The receiving party shall use confidential information only to evaluate and carry out the business relationship between the parties, and shall not disclose it to any third party.",
        },
        {
          text: "3. Exclusions. These obligations do not apply to information that is public, was already known to the receiving party, or is independently developed.",
        },
        { gap: true },
        { text: "Page 1 of 2" },
      ],
      [
        {
          text: "4. Term. This Agreement remains in effect for three (3) years from the Effective Date. The obligations of confidentiality survive termination for a further two (2) years.",
        },
        {
          text: "5. Governing Law. This Agreement is governed by the laws of the State of Texas, without regard to its conflict of laws rules.",
        },
        { gap: true },
        { text: "Agreed and signed by the parties:" },
        { row: ["Initech Software Inc.", "Northwind Consulting LLC"], columnsOverride: [0, 260] },
        { row: ["Signature: Bill Lumbergh", "Signature: Joanna Delgado"], columnsOverride: [0, 260] },
        { row: ["Date: June 2, 2025", "Date: June 2, 2025"], columnsOverride: [0, 260] },
        { gap: true },
        { text: "Page 2 of 2" },
      ],
    ],
  },
];

/** Splits text into lines that fit the page width with the given font and size. */
function wrap(text, font, size, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (line !== "" && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

async function render(definition) {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(definition.title);
  pdf.setAuthor(definition.author);
  pdf.setSubject("extendkit sample document");
  pdf.setCreator("extendkit examples/documents/generate.mjs");
  pdf.setProducer("pdf-lib");
  pdf.setCreationDate(FIXED_DATE);
  pdf.setModificationDate(FIXED_DATE);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const textWidth = PAGE.width - 2 * PAGE.margin;
  for (const blocks of definition.pages) {
    const page = pdf.addPage([PAGE.width, PAGE.height]);
    let y = PAGE.height - PAGE.margin;
    const draw = (text, x, font, size) => {
      page.drawText(text, { x: PAGE.margin + x, y, size, font, color: rgb(0.1, 0.1, 0.12) });
    };
    for (const block of blocks) {
      if (block.gap) {
        y -= LINE_HEIGHT / 2;
      } else if (block.title) {
        y -= 6;
        draw(block.title, 0, bold, 18);
        y -= LINE_HEIGHT + 8;
      } else if (block.row) {
        const columns = block.columnsOverride ?? definition.columns;
        block.row.forEach((cell, i) => {
          draw(cell, columns[i] ?? 0, block.bold ? bold : regular, BODY_SIZE);
        });
        y -= LINE_HEIGHT;
      } else {
        const font = block.bold ? bold : regular;
        const size = block.bold ? 13 : BODY_SIZE;
        for (const line of wrap(block.bold ?? block.text, font, size, textWidth)) {
          draw(line, 0, font, size);
          y -= block.bold ? LINE_HEIGHT + 3 : LINE_HEIGHT;
        }
      }
    }
  }
  return pdf.save({ useObjectStreams: false });
}

for (const definition of DOCUMENTS) {
  const bytes = await render(definition);
  writeFileSync(join(outDir, definition.file), bytes);
  console.log(
    `wrote ${join(outDir, definition.file)} (${definition.pages.length} page(s), ${bytes.length} bytes)`,
  );
}
