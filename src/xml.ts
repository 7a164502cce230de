// XML codec (hand-written, strict subset of XML 1.0 as WeChat sends it). Implementation in xml/.
export { parseXml } from './xml/parse.js';
export { buildXml } from './xml/build.js';
export { DEFAULT_XML_LIMITS } from './xml/types.js';
export type { XmlBuildRecord, XmlBuildValue, XmlLimits, XmlNode, XmlParseOptions, XmlRecord, XmlValue } from './xml/types.js';
