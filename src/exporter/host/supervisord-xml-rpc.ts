// XML-RPC (http://xmlrpc.com/spec.md): the request for a call without
// parameters, and responses decoded into plain JS values.

import { type XmlElement, parseXml } from "./xml-tree.ts";

export type XmlRpcValue = number | boolean | string | null | XmlRpcValue[] | { [member: string]: XmlRpcValue };

export class XmlRpcFault extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(`XML-RPC fault ${faultCode}: ${faultString}`);
    this.name = "XmlRpcFault";
  }
}

export function methodCallBody(method: string): string {
  const escaped = method.replace(/[<>&]/g, (c) => (c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&amp;"));
  return `<?xml version="1.0"?>\n<methodCall><methodName>${escaped}</methodName><params></params></methodCall>\n`;
}

function child(el: XmlElement, name: string, where: string): XmlElement {
  const c = el.children.find((e) => e.name === name);
  if (!c) throw new Error(`XML-RPC: <${where}> has no <${name}>`);
  return c;
}

function integer(text: string, tag: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new Error(`XML-RPC: <${tag}> "${t}" is not an integer`);
  return Number(t);
}

export function decodeValue(value: XmlElement): XmlRpcValue {
  const typed = value.children[0];
  // A <value> without a type element is a string.
  if (!typed) return value.text;
  switch (typed.name) {
    case "i4":
    case "int":
    case "i8":
      return integer(typed.text, typed.name);
    case "boolean": {
      const t = typed.text.trim();
      if (t !== "0" && t !== "1") throw new Error(`XML-RPC: <boolean> "${t}" is not 0 or 1`);
      return t === "1";
    }
    case "double": {
      const t = typed.text.trim();
      const n = Number(t);
      if (t === "" || Number.isNaN(n)) throw new Error(`XML-RPC: <double> "${t}" is not a number`);
      return n;
    }
    case "string":
    case "dateTime.iso8601":
    case "base64":
      return typed.text;
    case "nil":
      return null;
    case "array": {
      const data = child(typed, "data", "array");
      return data.children.filter((c) => c.name === "value").map(decodeValue);
    }
    case "struct": {
      const out: { [member: string]: XmlRpcValue } = {};
      for (const m of typed.children) {
        if (m.name !== "member") continue;
        out[child(m, "name", "member").text] = decodeValue(child(m, "value", "member"));
      }
      return out;
    }
    default:
      throw new Error(`XML-RPC: unknown value type <${typed.name}>`);
  }
}

/** The single return value of a methodResponse; a <fault> throws XmlRpcFault. */
export function parseMethodResponse(xml: string): XmlRpcValue {
  const root = parseXml(xml);
  if (root.name !== "methodResponse") throw new Error(`XML-RPC: root element is <${root.name}>, want <methodResponse>`);
  const fault = root.children.find((c) => c.name === "fault");
  if (fault) {
    const v = decodeValue(child(fault, "value", "fault"));
    const s = (v && typeof v === "object" && !Array.isArray(v) ? v : {}) as { [k: string]: XmlRpcValue };
    throw new XmlRpcFault(typeof s.faultCode === "number" ? s.faultCode : 0, String(s.faultString ?? ""));
  }
  const param = child(child(root, "params", "methodResponse"), "param", "params");
  return decodeValue(child(param, "value", "param"));
}
