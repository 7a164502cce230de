// `wxmp/testing`: offline test kit. Re-exports only.
export {};
