import Testing
@testable import EcodynCore

struct JSONValueTests {
    @Test func keepsKeyOrderAndEscapes() {
        let value = JSONValue.object([("b", 1), ("a", "x\"y\n"), ("list", .numbers([0.5, .nan])), ("ok", true), ("none", .null)])
        #expect(value.serialized() == #"{"b": 1, "a": "x\"y\n", "list": [0.5, null], "ok": true, "none": null}"#)
        #expect(JSONValue.string("\u{01}").serialized() == #""\u0001""#)
    }
}
