// Ecodyn from Swift, built from values (no spec file): a community, a reaction–diffusion grid,
// a sweep of one parameter, an ensemble and a registered kinetics, each checked against what
// theory says (docs/library.md).
import Ecodyn
import Foundation

func check(_ ok: Bool, _ what: String) {
    print((ok ? "ok      " : "FAILED  ") + what)
    if !ok { exit(1) }
}

// 1. Two competing firms (MODELS.md §1): δ₁₂ = 0.5, δ₂₁ = 0.4 — they coexist at X* = (6.875, 4.25).
let duo = try Community(r: [1.0, 0.8], mu: [0.1, 0.1], K: [10, 8], delta: Matrix([[1.0, 0.5], [0.4, 1.0]]))
let analysis = try CommunityAnalysis(duo)
print("equilibrium", analysis.equilibrium.state, "classification", analysis.stability.classification.rawValue)
check(abs(analysis.equilibrium.state[0] - 6.875) < 1e-12 && abs(analysis.equilibrium.state[1] - 4.25) < 1e-12, "the interior equilibrium is (6.875, 4.25)")
let run = try CommunityProblem(community: duo, initialState: [0.1, 0.1], tEnd: 200,
                               method: .dopri5(DormandPrince(rtol: 1e-9, atol: 1e-12)), saves: 100).solve()
check(run.status == .finished && abs(run.finalState[0] - 6.875) < 1e-6, "the run from (0.1, 0.1) reaches it (\(run.statistics.steps) steps)")

// 2. A Turing pattern: the Brusselator with a = 3, diffusion (1, 8) and b = 5 > b_T ≈ 4.25.
let brusselator = try Brusselator(a: 3, b: 5, m1: 1, m2: 8)
let grid = try Grid(shape: [64, 64], spacing: 1, boundary: .periodic)
let simulation = GridSimulation(kinetics: brusselator, grid: grid)
let start = GridState(homogeneous: brusselator, grid: grid, amplitude: 0.01, seed: 3)
let problem = try GridProblem(simulation: simulation, initial: start, method: .imex, dt: 0.05, steps: 10000)
let (solution, pattern) = try problem.solveWithPattern()
print("pattern", pattern?.regime.rawValue ?? "none", "dominant k", pattern?.dominantWavenumber ?? .nan, "critical k", brusselator.criticalWavenumber)
check(solution.status == .finished && pattern?.regime == .stationaryPattern, "a stationary pattern forms")
check(abs((pattern?.dominantWavenumber ?? 0) - brusselator.criticalWavenumber) < 0.25, "its wavenumber is near k_c = (a²/(m1 m2))^¼ = \(brusselator.criticalWavenumber)")

// 3. A sweep of b for a = 1: the homogeneous state loses stability at the Hopf point b = 1 + a² = 2.
let space = try ParameterSpace(parameters: [(name: "b", values: .linspace(1.5, 2.5, 41))])
let model = FunctionSweepModel(metrics: ["max_real"]) { values, _ in [.real(try Brusselator(a: 1, b: values[0]).maxReal)] }
var rows = [SweepStore.Row]()
try SweepRunner(space: space, model: model).run(sink: { rows += $0 })
rows.sort { $0.index < $1.index }
let maxReal = rows.map { row -> Double in if case .real(let x) = row.result.metrics[0] { return x } else { return .nan } }
let crossing = zip(rows, maxReal).first { $0.1 > 0 }.map { $0.0.values[0] }
print("points", rows.count, "first unstable b", crossing ?? .nan)
check(rows.count == 41 && crossing.map { abs($0 - 2.025) < 1e-12 } == true, "the first unstable b of the sweep is 2.025, just past b_H = 2")

// 4. An ensemble of 500 logistic firms differing in r: each ends at K(1 − μ/r) (MODELS.md §1),
//    run together through the batched RK4 kernel.
let r = (0..<500).map { 0.5 + Double($0) / 500 }
let ensemble = try CommunityEnsemble(delta: .identity(1), r: Matrix(rows: 1, columns: 500, columnMajor: r),
                                     mu: Matrix(rows: 1, columns: 500, repeating: 0.1), K: Matrix(rows: 1, columns: 500, repeating: 2))
let members = try CommunityEnsembleProblem(ensemble: ensemble, initialStates: Matrix(rows: 1, columns: 500, repeating: 0.05),
                                           tEnd: 200, method: .rk4(dt: 0.05)).solve()
let worst = (0..<500).map { abs(members.finalState[0, $0] - 2 * (1 - 0.1 / r[$0])) }.max()!
check(worst < 1e-9, "500 ensemble members each end at K(1 − μ/r) (worst \(worst))")

// 5. FitzHugh–Nagumo, a kinetics added through the registry: its resting state is stable when
//    well mixed and Turing unstable with D_v = 20 (D_v f_u + D_u g_v = 18 > 2√(D_u D_v det J) ≈ 12.6).
let fhn = try FitzHughNagumo(epsilon: 4, a0: 0, a1: 0.5, du: 1, dv: 20)
check(fhn.classification.isStable && fhn.turingUnstable && fhn.homogeneousState == SpeciesValues(u: 0, v: 0),
      "FitzHugh–Nagumo rests at (0, 0), stable well mixed, Turing unstable on a grid")
