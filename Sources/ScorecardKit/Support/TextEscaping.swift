/// Escaping of text taken from input files before it is printed into a report.
///
/// Category values and rule ids come from CRM exports and hand-edited JSON: they may hold markup,
/// Markdown table pipes or terminal control characters. Reports show them, never execute them.
public enum TextEscaping {
    /// Text safe inside HTML element content and attribute values.
    public static func html(_ s: String) -> String {
        // Controls are shown as escapes first, so the XML escaping is all that is left to do.
        xml(plain(s))
    }

    /// Text safe inside a Markdown table cell: pipes, backslashes and markup characters escaped.
    public static func markdown(_ s: String) -> String {
        var out = ""
        for ch in plain(s) {
            if "|\\`*_[]<>#".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// Text safe inside an XML 1.0 attribute value or element content: `&`, `<`, `>`, quotes
    /// escaped, tab and line breaks as character references (so an attribute keeps them), and the
    /// control characters XML 1.0 cannot carry at all shown as `\u{…}` escapes.
    public static func xml(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"  // not &apos;, which HTML 4 does not know
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    appendShowingControls(scalar, to: &out)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Text with control and format characters (ANSI escapes, bidi overrides, line breaks) shown as
    /// `\u{…}` escapes, safe to print to a terminal.
    public static func plain(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars { appendShowingControls(scalar, to: &out) }
        return out
    }
}
