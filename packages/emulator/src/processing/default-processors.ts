import type { ProcessorType } from "./config-validation.js";

/** A processor the emulator registers: id, display name, type and config (the config of draft and 1.0). */
export interface ProcessorDefinition {
  id: string;
  name: string;
  type: ProcessorType;
  config: Record<string, unknown>;
}

const CLASSES = [
  {
    id: "invoice",
    type: "invoice",
    description:
      "A bill requesting payment: invoice number, invoice date, due date, amount due, bill to, payment terms, remit to.",
  },
  {
    id: "receipt",
    type: "receipt",
    description:
      "Proof of a completed purchase: paid, payment method, card, cash, change, cashier, register, transaction.",
  },
  {
    id: "contract",
    type: "contract",
    description:
      "An agreement between parties: parties, terms, term, termination, obligations, governing law, confidentiality, signature, hereby, shall.",
  },
  {
    id: "other",
    type: "other",
    description: "Anything else: letters, statements, forms, reports, notices and correspondence.",
  },
];

/** The three processors every emulator starts with (ids are stable and printed at start). */
export const DEFAULT_PROCESSOR_DEFINITIONS: ProcessorDefinition[] = [
  {
    id: "dp_invoice_extractor",
    name: "Invoice Extractor",
    type: "EXTRACT",
    config: {
      type: "EXTRACT",
      baseProcessor: "extraction_performance",
      schema: {
        type: "object",
        properties: {
          invoice_number: {
            type: ["string", "null"],
            description: "Invoice number as printed on the invoice, e.g. INV-1042.",
          },
          vendor: {
            type: ["string", "null"],
            description: "Name of the company that issued the invoice.",
          },
          invoice_date: {
            type: ["string", "null"],
            "extend:type": "date",
            description: "Date the invoice was issued (YYYY-MM-DD).",
          },
          total: {
            type: "object",
            "extend:type": "currency",
            description: "Total amount due, including tax, with its currency.",
            properties: {
              amount: { type: ["number", "null"], description: "The amount, e.g. 1250.00." },
              iso_4217_currency_code: {
                type: ["string", "null"],
                description: "ISO 4217 code of the amount's currency, e.g. USD.",
              },
            },
            required: ["amount", "iso_4217_currency_code"],
            additionalProperties: false,
          },
          currency: {
            type: ["string", "null"],
            description: "ISO 4217 currency code of the total, e.g. USD or EUR.",
          },
        },
        required: ["invoice_number", "vendor", "invoice_date", "total", "currency"],
        additionalProperties: false,
      },
    },
  },
  {
    id: "dp_document_classifier",
    name: "Document Classifier",
    type: "CLASSIFY",
    config: { type: "CLASSIFY", baseProcessor: "classification_performance", classifications: CLASSES },
  },
  {
    id: "dp_packet_splitter",
    name: "Packet Splitter",
    type: "SPLITTER",
    config: { type: "SPLITTER", baseProcessor: "splitting_performance", splitClassifications: CLASSES },
  },
];
