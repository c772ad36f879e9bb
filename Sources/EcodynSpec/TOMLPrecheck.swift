import EcodynCore

/// Checks a spec's text for what the TOML parser (toml++ inside TOMLKit) does not report as
/// an error: a NUL byte, which ends its input early, and a table header whose `[` is followed
/// by something other than a key, or a `}` inside an array, on which its parser asserts instead
/// of failing.
enum TOMLPrecheck {
    static func check(_ text: String) throws(SpecError) {
        var line = 1, column = 0
        var open = [Character]()            // brackets and braces open inside a value
        var quote: (delimiter: Character, multiline: Bool)?
        var inComment = false, atLineStart = true
        let characters = Array(text)
        var i = 0
        func starts(_ s: String, at k: Int) -> Bool {
            let p = Array(s)
            return k + p.count <= characters.count && Array(characters[k..<(k + p.count)]) == p
        }
        while i < characters.count {
            let c = characters[i]
            column += 1
            if c == "\u{0}" { throw SpecError(key: "", "the spec contains a NUL byte at line \(line), column \(column); remove it") }
            if c == "\n" || c == "\r\n" {
                line += 1; column = 0; inComment = false
                if quote?.multiline != true { atLineStart = open.isEmpty; if quote != nil { quote = nil } }
                i += 1
                continue
            }
            if inComment { i += 1; continue }
            if let q = quote {
                if c == "\\" && q.delimiter == "\"" { i += 2; column += 1; continue }
                if q.multiline, starts(String(repeating: q.delimiter, count: 3), at: i) { quote = nil; i += 3; continue }
                if !q.multiline, c == q.delimiter { quote = nil }
                i += 1
                continue
            }
            switch c {
            case "#": inComment = true
            case "\"", "'":
                let multiline = starts(String(repeating: c, count: 3), at: i)
                quote = (c, multiline)
                i += multiline ? 3 : 1
                atLineStart = false
                continue
            case "[" where atLineStart && open.isEmpty:
                var k = i + 1
                if k < characters.count, characters[k] == "[" { k += 1 }
                while k < characters.count, characters[k] == " " || characters[k] == "\t" { k += 1 }
                let next: Character? = k < characters.count ? characters[k] : nil
                let isKeyStart = next.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "\"" || $0 == "'") } ?? false
                if !isKeyStart && next != "]" {
                    throw SpecError(key: "", "TOML syntax error at line \(line), column \(column): a table header needs a key after '['")
                }
                atLineStart = false
                i = k
                continue
            case "[", "{": open.append(c)
            case "}" where open.last == "[":
                throw SpecError(key: "", "TOML syntax error at line \(line), column \(column): '}' inside an array; close it with ']'")
            case "]", "}": _ = open.popLast()
            case " ", "\t": break
            default: break
            }
            if c != " " && c != "\t" { atLineStart = false }
            i += 1
        }
    }
}
