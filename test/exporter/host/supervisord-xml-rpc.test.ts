import { describe, expect, test } from "bun:test";
import { type XmlRpcValue, XmlRpcFault, methodCallBody, parseMethodResponse } from "../../../src/exporter/host/supervisord-xml-rpc.ts";
import { parseXml } from "../../../src/exporter/host/xml-tree.ts";

const response = (value: string) =>
  `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value>${value}</value>\n</param>\n</params>\n</methodResponse>\n`;

describe("parseXml", () => {
  test("elements, text, entities, CDATA, comments", () => {
    const root = parseXml(`<?xml version="1.0"?><!DOCTYPE x><!-- c --><a k="v>w"><b>1 &lt; 2 &amp;&#65;&#x42;</b><c/><![CDATA[<raw>]]></a>`);
    expect(root).toEqual({
      name: "a",
      text: "<raw>",
      children: [
        { name: "b", text: "1 < 2 &AB", children: [] },
        { name: "c", text: "", children: [] },
      ],
    });
  });

  const bad: [string, string][] = [
    ["", "no root element"],
    ["<a>", "<a> is not closed"],
    ["<a></b>", "end tag </b> does not close <a>"],
    ["<a/><b/>", "second root element"],
    ["<a>&bogus;</a>", 'unknown entity "&bogus;"'],
    ["<a>&amp</a>", "unterminated entity"],
    ["<a", "unterminated start tag"],
    ["x<a/>", "text outside the root element"],
  ];
  test.each(bad)("rejects %p", (xml, message) => {
    expect(() => parseXml(xml)).toThrow(message);
  });
});

describe("XML-RPC responses", () => {
  const rows: [string, string, XmlRpcValue][] = [
    ["int", "<int>42</int>", 42],
    ["i4 negative", "<i4>-7</i4>", -7],
    ["boolean", "<boolean>1</boolean>", true],
    ["double", "<double>1.5</double>", 1.5],
    ["string", "<string>a &amp; b</string>", "a & b"],
    ["untyped value is a string", "plain", "plain"],
    ["nil", "<nil/>", null],
    ["array", "<array><data><value><int>1</int></value><value>x</value></data></array>", [1, "x"]],
    [
      "struct",
      "<struct><member><name>name</name><value><string>web</string></value></member><member><name>pid</name><value><int>9</int></value></member></struct>",
      { name: "web", pid: 9 },
    ],
  ];
  test.each(rows)("%s", (_name, value, want) => {
    expect(parseMethodResponse(response(value))).toEqual(want);
  });

  test("fault", () => {
    const xml = `<methodResponse><fault><value><struct>
      <member><name>faultCode</name><value><int>1</int></value></member>
      <member><name>faultString</name><value><string>UNKNOWN_METHOD</string></value></member>
    </struct></value></fault></methodResponse>`;
    expect(() => parseMethodResponse(xml)).toThrow(new XmlRpcFault(1, "UNKNOWN_METHOD"));
  });

  const bad: [string, string, string][] = [
    ["bad int", response("<int>x</int>"), '<int> "x" is not an integer'],
    ["bad boolean", response("<boolean>2</boolean>"), "is not 0 or 1"],
    ["unknown type", response("<foo>1</foo>"), "unknown value type <foo>"],
    ["wrong root", "<methodCall/>", "want <methodResponse>"],
    ["no params", "<methodResponse/>", "<methodResponse> has no <params>"],
  ];
  test.each(bad)("rejects %s", (_name, xml, message) => {
    expect(() => parseMethodResponse(xml)).toThrow(message);
  });

  test("method call body", () => {
    expect(methodCallBody("supervisor.getAllProcessInfo")).toBe(
      '<?xml version="1.0"?>\n<methodCall><methodName>supervisor.getAllProcessInfo</methodName><params></params></methodCall>\n',
    );
  });
});
