// XML codec (hand-written, strict subset of XML 1.0 as WeChat sends it). Re-exports only.
export { parseXml } from './parse.js';
export { buildXml } from './build.js';
export { DEFAULT_XML_LIMITS } from './types.js';
export type { XmlBuildRecord, XmlBuildValue, XmlLimits, XmlNode, XmlParseOptions, XmlRecord, XmlValue } from './types.js';
