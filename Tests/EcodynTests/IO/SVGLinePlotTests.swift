import Testing
@testable import Ecodyn
import EcodynTestSupport

struct SVGLinePlotTests {
    @Test func ticksAreRoundAndCoverTheRange() {
        // Range 1: raw step 0.2 → step 0.2, six ticks. Range 15: raw step 3 → the next round step is 5.
        #expect(allClose(SVGLinePlot.ticks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1], atol: 1e-15))
        #expect(SVGLinePlot.ticks(-3, 12) == [0, 5, 10])
        // Range 3100: raw step 620, candidates 100, 200, 250, 500, 1000 → 1000.
        #expect(SVGLinePlot.ticks(2300, 5400) == [3000, 4000, 5000])
    }

    @Test func escapesTextAndSkipsNonFinitePoints() {
        var plot = SVGLinePlot(title: "a < b & c", xLabel: "x", yLabel: "y")
        plot.add(.init(name: "s", x: [0, 1, 2], y: [1, .nan, 3]))
        let svg = plot.svg()
        #expect(svg.contains("a &lt; b &amp; c"))
        #expect(!svg.contains("nan"))
    }

    @Test func extremeValuesGiveFiniteCoordinates() {
        var plot = SVGLinePlot(title: "t", xLabel: "x", yLabel: "y")
        plot.add(.init(name: "a", x: [0, 1, 2], y: [-1e308, 1e308, .infinity]))
        plot.add(.init(name: "b", x: [1e308, 1e308], y: [5, 5]))
        let svg = plot.svg()
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }
}
