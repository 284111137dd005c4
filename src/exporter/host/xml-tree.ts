// Just enough XML for XML-RPC responses: elements, text, CDATA, the five
// named entities and numeric references. Attributes are skipped; prolog,
// comments, processing instructions and DOCTYPE are ignored.

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** The element's own text (not its children's), entities decoded. */
  text: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export class XmlError extends Error {
  constructor(message: string, offset: number) {
    super(`XML at offset ${offset}: ${message}`);
    this.name = "XmlError";
  }
}

function decodeEntities(s: string, offset: number): string {
  if (!s.includes("&")) return s;
  return s.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(";")) throw new XmlError(`unterminated entity "${whole}"`, offset);
    if (name.startsWith("#x") || name.startsWith("#X")) {
      const cp = Number.parseInt(name.slice(2), 16);
      if (Number.isNaN(cp) || cp > 0x10ffff) throw new XmlError(`bad character reference "${whole}"`, offset);
      return String.fromCodePoint(cp);
    }
    if (name.startsWith("#")) {
      const cp = Number.parseInt(name.slice(1), 10);
      if (Number.isNaN(cp) || cp > 0x10ffff) throw new XmlError(`bad character reference "${whole}"`, offset);
      return String.fromCodePoint(cp);
    }
    const v = ENTITIES[name];
    if (v === undefined) throw new XmlError(`unknown entity "${whole}"`, offset);
    return v;
  });
}

/** Parses a document and returns its root element. */
export function parseXml(text: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let pos = 0;
  const skipPast = (marker: string, what: string) => {
    const end = text.indexOf(marker, pos);
    if (end === -1) throw new XmlError(`unterminated ${what}`, pos);
    pos = end + marker.length;
  };
  while (pos < text.length) {
    const lt = text.indexOf("<", pos);
    const chunk = lt === -1 ? text.slice(pos) : text.slice(pos, lt);
    if (chunk.length > 0) {
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(chunk, pos);
      else if (chunk.trim() !== "") throw new XmlError("text outside the root element", pos);
    }
    if (lt === -1) break;
    pos = lt;
    if (text.startsWith("<?", pos)) skipPast("?>", "processing instruction");
    else if (text.startsWith("<!--", pos)) skipPast("-->", "comment");
    else if (text.startsWith("<![CDATA[", pos)) {
      const end = text.indexOf("]]>", pos);
      if (end === -1) throw new XmlError("unterminated CDATA", pos);
      const top = stack[stack.length - 1];
      if (!top) throw new XmlError("CDATA outside the root element", pos);
      top.text += text.slice(pos + 9, end);
      pos = end + 3;
    } else if (text.startsWith("<!", pos)) skipPast(">", "declaration");
    else if (text.startsWith("</", pos)) {
      const end = text.indexOf(">", pos);
      if (end === -1) throw new XmlError("unterminated end tag", pos);
      const name = text.slice(pos + 2, end).trim();
      const top = stack.pop();
      if (!top || top.name !== name) throw new XmlError(`end tag </${name}> does not close <${top?.name ?? ""}>`, pos);
      pos = end + 1;
    } else {
      // Start tag: find its end, stepping over quoted attribute values.
      let i = pos + 1;
      let quote = "";
      for (; i < text.length; i++) {
        const c = text[i];
        if (quote) {
          if (c === quote) quote = "";
        } else if (c === '"' || c === "'") quote = c;
        else if (c === ">") break;
      }
      if (i >= text.length) throw new XmlError("unterminated start tag", pos);
      const selfClosing = text[i - 1] === "/";
      const inner = text.slice(pos + 1, selfClosing ? i - 1 : i);
      const name = /^[^\s/>]+/.exec(inner)?.[0];
      if (!name) throw new XmlError("start tag without a name", pos);
      const el: XmlElement = { name, children: [], text: "" };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) throw new XmlError("second root element", pos);
      else root = el;
      if (!selfClosing) stack.push(el);
      pos = i + 1;
    }
  }
  if (stack.length > 0) throw new XmlError(`<${stack[stack.length - 1].name}> is not closed`, text.length);
  if (!root) throw new XmlError("no root element", 0);
  return root;
}
