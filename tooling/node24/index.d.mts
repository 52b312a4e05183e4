/** Absolute path of the Node 24 binary (override with NODE24_BIN). */
export declare const node24Path: string;
